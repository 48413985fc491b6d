namespace Synapse.Engine.Generation;

/// <summary>How a generation ended, with exact token counts and timings measured on the inference loop.</summary>
public sealed record GenerationResult(
    FinishReason FinishReason,
    int PromptTokens,
    int CompletionTokens,
    TimeSpan QueueTime,
    TimeSpan TimeToFirstToken,
    TimeSpan Total)
{
    /// <summary>
    /// With <see cref="GenerationRequest.PromptLogprobs"/>: one entry per prompt token, the first null (nothing
    /// predicts it), each other the token's log-probability given the tokens before it.
    /// </summary>
    public IReadOnlyList<TokenLogprob?>? PromptLogprobs { get; init; }
}

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
    /// <summary>Prompt tokens served from the KV cache (an earlier request's prefix), included in <see cref="PromptTokens"/>.</summary>
    public int CachedTokens { get; init; }

    /// <summary>
    /// With <see cref="GenerationRequest.PromptLogprobs"/>: one entry per prompt token, the first null (nothing
    /// predicts it), each other the token's log-probability given the tokens before it.
    /// </summary>
    public IReadOnlyList<TokenLogprob?>? PromptLogprobs { get; init; }

    /// <summary>For an embedding request: the pooled embedding as the model computed it (not normalised).</summary>
    public float[]? Embedding { get; init; }
}

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
}

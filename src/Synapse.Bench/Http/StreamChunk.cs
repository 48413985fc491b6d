namespace Synapse.Bench.Http;

/// <summary>What the benchmark needs from one SSE data payload (or a non-streaming body).</summary>
public sealed record StreamChunk(string? Content, int? PromptTokens, int? CompletionTokens, string? FinishReason, string? Error)
{
    /// <summary><c>usage.prompt_tokens_details.cached_tokens</c>: prompt tokens the server did not read again.</summary>
    public int? CachedTokens { get; init; }
}

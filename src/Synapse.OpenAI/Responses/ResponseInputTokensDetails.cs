namespace Synapse.OpenAI.Responses;

/// <summary>
/// <c>cached_tokens</c>: prompt tokens the prefix cache already held; <c>cache_write_tokens</c>: the rest of the
/// prompt, which the slot's cache now holds for the next turn.
/// </summary>
public sealed class ResponseInputTokensDetails
{
    public int CachedTokens { get; set; }
    public int CacheWriteTokens { get; set; }
}

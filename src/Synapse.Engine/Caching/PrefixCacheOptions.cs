namespace Synapse.Engine.Caching;

/// <summary>
/// How the loop reuses KV cache across requests. <see cref="MinSimilarity"/> is llama-server's
/// <c>slot_prompt_similarity</c>: a free slot is chosen for its common prefix only when that prefix is more than this
/// share of the new prompt; otherwise the least recently used slot is taken. <see cref="HostBytes"/> bounds the
/// sequence states kept in RAM (0: none).
/// </summary>
internal sealed record PrefixCacheOptions(bool Enabled, double MinSimilarity, long HostBytes)
{
    public static PrefixCacheOptions Disabled { get; } = new(false, 0, 0);
}

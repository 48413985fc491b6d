namespace Synapse.Engine.Generation;

/// <summary>A snapshot read without waiting on the inference loop.</summary>
public sealed record EngineStats(
    int Running,
    int Waiting,
    int Slots,
    long KvCacheUsedTokens,
    long KvCacheCapacityTokens,
    long PromptTokensTotal,
    long GenerationTokensTotal,
    long DecodeSteps)
{
    /// <summary>Requests that reused a cached prompt prefix.</summary>
    public long PrefixCacheHits { get; init; }

    /// <summary>Prompt tokens served from the KV cache instead of being read (<see cref="PromptTokensTotal"/> counts those read).</summary>
    public long CachedPromptTokensTotal { get; init; }

    /// <summary>Bytes of sequence states kept in RAM by the host tier (bounded by SYNAPSE_CACHE_RAM_MB).</summary>
    public long HostCacheBytes { get; init; }

    public int HostCacheEntries { get; init; }

    public long HostCacheRestores { get; init; }

    public long HostCacheEvictions { get; init; }
}

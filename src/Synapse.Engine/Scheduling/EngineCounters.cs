namespace Synapse.Engine.Scheduling;

/// <summary>Counters written by the loop and the submitters, read by anyone without waiting on the loop.</summary>
internal sealed class EngineCounters
{
    public int Running;
    public int Waiting;
    /// <summary>Accepted and not yet finished (running plus waiting); bounds admission.</summary>
    public int Outstanding;
    public long KvCacheUsedTokens;
    public long PromptTokensTotal;
    public long GenerationTokensTotal;
    public long DecodeSteps;
    /// <summary>Requests that reused KV cache (a prefix of their prompt already in their slot).</summary>
    public long CacheHits;
    /// <summary>Prompt tokens not read because their KV cells were reused.</summary>
    public long CachedPromptTokensTotal;
    public long HostCacheBytes;
    public int HostCacheEntries;
    public long HostCacheSaves;
    public long HostCacheRestores;
    public long HostCacheEvictions;
}

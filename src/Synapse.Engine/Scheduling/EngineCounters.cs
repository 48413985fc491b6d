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
}

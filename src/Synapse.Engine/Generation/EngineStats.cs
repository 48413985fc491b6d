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
    long DecodeSteps);

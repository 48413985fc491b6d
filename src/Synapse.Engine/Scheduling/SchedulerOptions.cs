namespace Synapse.Engine.Scheduling;

/// <summary>What the scheduler needs to admit requests; the slots and batch size come from the backend.</summary>
internal sealed record SchedulerOptions(int ContextSize, int QueueSize, int PrefillChunk)
{
    public Caching.PrefixCacheOptions PrefixCache { get; init; } = Caching.PrefixCacheOptions.Disabled;
}

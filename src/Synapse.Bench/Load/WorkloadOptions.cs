namespace Synapse.Bench.Load;

/// <summary>The workload of a run, the same for HTTP and in-process targets so their numbers compare.</summary>
public sealed record WorkloadOptions
{
    public IReadOnlyList<int> Concurrency { get; init; } = [1];
    /// <summary>Requests per level; null means four per concurrent stream (or the duration, when set).</summary>
    public int? Requests { get; init; }
    public TimeSpan? Duration { get; init; }
    public int PromptTokens { get; init; } = 128;
    public int OutputTokens { get; init; } = 128;
    public bool IgnoreEos { get; init; } = true;
    public bool Warmup { get; init; } = true;
    /// <summary>Unmeasured streams kept running during every level, to measure a busy node (e.g. TTFT while 3 others stream).</summary>
    public int Background { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>A JSON Schema (its JSON text) every request sends as <c>response_format</c> <c>json_schema</c> (HTTP targets); null sends none.</summary>
    public string? ResponseFormatSchema { get; init; }

    public LoadPlan PlanFor(int concurrency) => Duration is { } duration
        ? LoadPlan.ForDuration(concurrency, duration, OutputTokens)
        : LoadPlan.ForRequests(concurrency, Requests ?? 4 * concurrency, OutputTokens);
}

using Synapse.Bench.Replay;

namespace Synapse.Bench.Reporting;

/// <summary>The JSON document <c>synapse bench --json</c> writes: one or more runs, plus a comparison in compare mode.</summary>
public sealed record BenchReport
{
    public string Tool { get; init; } = "synapse-bench";
    public required string Version { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string Machine { get; init; }
    public required IReadOnlyList<RunReport> Runs { get; init; }
    public IReadOnlyList<ComparisonReport>? Comparison { get; init; }
    /// <summary>With <c>--baseline-url</c>: the target (<c>--url</c>) against the baseline, level by level.</summary>
    public IReadOnlyList<UrlComparisonReport>? UrlComparison { get; init; }
    /// <summary>With <c>--replay</c>: one multi-turn replay per server (the baseline first), and no <see cref="Runs"/>.</summary>
    public IReadOnlyList<ReplayReport>? Replays { get; init; }
}

namespace Synapse.Bench.Reporting;

/// <summary>
/// One server against another on the same workload (<c>--url</c> against <c>--baseline-url</c>), e.g. a node through
/// the load balancer against the same node directly: throughput ratio and the TTFT p50 difference.
/// </summary>
public sealed record UrlComparisonReport(
    int Concurrency,
    double TargetOutputTokensPerS,
    double BaselineOutputTokensPerS,
    double ThroughputRatio,
    double TargetRequestsPerS,
    double BaselineRequestsPerS,
    double? TargetTtftP50Ms,
    double? BaselineTtftP50Ms,
    double? TtftP50DeltaMs)
{
    public static IReadOnlyList<UrlComparisonReport> Compare(RunReport target, RunReport baseline)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(baseline);
        return target.Levels
            .Join(baseline.Levels, t => t.Concurrency, b => b.Concurrency, (t, b) => new UrlComparisonReport(
                t.Concurrency,
                t.OutputTokensPerS,
                b.OutputTokensPerS,
                b.OutputTokensPerS > 0 ? t.OutputTokensPerS / b.OutputTokensPerS : 0,
                t.RequestsPerS,
                b.RequestsPerS,
                t.TtftMs?.P50,
                b.TtftMs?.P50,
                t.TtftMs is { } tt && b.TtftMs is { } bt ? tt.P50 - bt.P50 : null))
            .ToList();
    }
}

namespace Synapse.Bench.Statistics;

/// <summary>
/// Percentiles by linear interpolation between closest ranks (rank = p/100·(n−1)), the definition numpy, vLLM's
/// benchmark and most dashboards use, so numbers compare across tools.
/// </summary>
public static class Percentiles
{
    /// <summary>The p-th percentile (0–100) of values already sorted ascending.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        var rank = p / 100.0 * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }

    public static double Of(IEnumerable<double> values, double p)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, p);
    }
}

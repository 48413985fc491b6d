namespace Synapse.Bench.Statistics;

/// <summary>Summary of a set of measurements (all in the same unit, milliseconds in reports).</summary>
public sealed record Distribution(int Count, double Mean, double Min, double P50, double P90, double P95, double P99, double Max)
{
    /// <summary>Null when there are no values, so reports show "n/a" instead of a made-up zero.</summary>
    public static Distribution? From(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        Array.Sort(sorted);
        return new Distribution(
            sorted.Length,
            sorted.Average(),
            sorted[0],
            Percentiles.OfSorted(sorted, 50),
            Percentiles.OfSorted(sorted, 90),
            Percentiles.OfSorted(sorted, 95),
            Percentiles.OfSorted(sorted, 99),
            sorted[^1]);
    }
}

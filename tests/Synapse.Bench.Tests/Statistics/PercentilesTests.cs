using Synapse.Bench.Statistics;

namespace Synapse.Bench.Tests.Statistics;

public sealed class PercentilesTests
{
    // Expected values are numpy.percentile's (linear interpolation).
    [Theory]
    [InlineData(50, 2.5)]
    [InlineData(95, 3.85)]
    [InlineData(0, 1)]
    [InlineData(100, 4)]
    [InlineData(25, 1.75)]
    public void Interpolates_between_closest_ranks(double p, double expected)
    {
        Assert.Equal(expected, Percentiles.Of([4, 1, 3, 2], p), 10);
    }

    [Fact]
    public void One_value_is_every_percentile()
    {
        Assert.Equal(7, Percentiles.Of([7], 50));
        Assert.Equal(7, Percentiles.Of([7], 99));
    }

    [Fact]
    public void Odd_count_median_is_the_middle_value()
    {
        Assert.Equal(10, Percentiles.Of([100, 10, 1], 50));
    }

    [Fact]
    public void No_values_or_bad_p_are_errors()
    {
        Assert.Throws<ArgumentException>(() => Percentiles.Of([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1], 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1], -1));
    }

    [Fact]
    public void Distribution_summarises_and_is_null_when_empty()
    {
        var d = Distribution.From(Enumerable.Range(1, 101).Select(i => (double)i))!;

        Assert.Equal(101, d.Count);
        Assert.Equal(51, d.Mean, 10);
        Assert.Equal(1, d.Min);
        Assert.Equal(51, d.P50, 10);
        Assert.Equal(91, d.P90, 10);
        Assert.Equal(96, d.P95, 10);
        Assert.Equal(100, d.P99, 10);
        Assert.Equal(101, d.Max);
        Assert.Null(Distribution.From([]));
    }
}

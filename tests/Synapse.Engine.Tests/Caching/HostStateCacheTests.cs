using Synapse.Engine.Caching;

namespace Synapse.Engine.Tests.Caching;

public sealed class HostStateCacheTests
{
    private static byte[] State(int bytes) => new byte[bytes];

    [Fact]
    public void Finds_the_entry_sharing_the_longest_prefix()
    {
        var cache = new HostStateCache(1000);
        cache.Add([1, 2, 3, 4], State(10));
        cache.Add([1, 2, 9, 9, 9], State(10));

        var found = cache.FindLongest([1, 2, 3, 7], out var length);

        Assert.Equal([1, 2, 3, 4], found!.Tokens);
        Assert.Equal(3, length);
        Assert.Null(cache.FindLongest([5, 1, 2], out var none));
        Assert.Equal(0, none);
    }

    [Fact]
    public void Stays_within_its_bound_by_evicting_the_least_recently_used()
    {
        var cache = new HostStateCache(100);
        cache.Add([1], State(40));
        cache.Add([2], State(40));
        cache.Add([3], State(40));

        Assert.Equal((2, 80L, 1L), (cache.Count, cache.Bytes, cache.Evictions));
        Assert.Null(cache.FindLongest([1], out _));
        Assert.NotNull(cache.FindLongest([2], out _));
        Assert.NotNull(cache.FindLongest([3], out _));
    }

    [Fact]
    public void A_state_larger_than_the_bound_is_not_kept()
    {
        var cache = new HostStateCache(100);
        cache.Add([1], State(60));

        Assert.False(cache.Add([2], State(101)));
        Assert.Equal((1, 60L), (cache.Count, cache.Bytes));
        Assert.False(new HostStateCache(0).Add([1], State(1)));
    }

    [Fact]
    public void An_entry_extended_by_a_newer_one_is_dropped_and_removing_frees_its_bytes()
    {
        var cache = new HostStateCache(1000);
        cache.Add([1, 2], State(10));
        cache.Add([1, 2, 3], State(20));

        Assert.Equal((1, 20L), (cache.Count, cache.Bytes));
        cache.Remove(cache.FindLongest([1, 2, 3], out _)!);
        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
    }
}

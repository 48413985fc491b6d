using Synapse.Engine.Backend;
using Synapse.Engine.Caching;

namespace Synapse.Engine.Tests.Caching;

public sealed class HostStateCacheTests
{
    private static SequenceState State(int bytes) => new(bytes);

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
        using var cache = new HostStateCache(100);
        var first = State(40);
        cache.Add([1], first);
        cache.Add([2], State(40));
        cache.Add([3], State(40));

        Assert.Equal((2, 80L, 1L), (cache.Count, cache.Bytes, cache.Evictions));
        Assert.True(first.IsClosed, "the evicted state was freed");
        Assert.Null(cache.FindLongest([1], out _));
        Assert.NotNull(cache.FindLongest([2], out _));
        Assert.NotNull(cache.FindLongest([3], out _));
    }

    [Fact]
    public void A_state_larger_than_the_bound_is_not_kept()
    {
        using var cache = new HostStateCache(100);
        cache.Add([1], State(60));
        var large = State(101);

        Assert.False(cache.Add([2], large));
        Assert.True(large.IsClosed, "a state not kept is freed");
        Assert.Equal((1, 60L), (cache.Count, cache.Bytes));
        Assert.False(cache.MakeRoom([3], 101));
        Assert.False(new HostStateCache(0).Add([1], State(1)));
    }

    [Fact]
    public void An_entry_extended_by_a_newer_one_is_dropped_and_taking_one_frees_its_bytes()
    {
        using var cache = new HostStateCache(1000);
        var shorter = State(10);
        cache.Add([1, 2], shorter);
        cache.Add([1, 2, 3], State(20));

        Assert.Equal((1, 20L), (cache.Count, cache.Bytes));
        Assert.True(shorter.IsClosed);
        var entry = cache.FindLongest([1, 2, 3], out _)!;
        cache.Take(entry).Dispose();
        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
        Assert.True(entry.State.IsClosed);
    }

    [Fact]
    public void A_taken_state_is_the_callers_and_disposing_frees_the_rest()
    {
        var cache = new HostStateCache(1000);
        cache.Add([1], State(10));
        cache.Add([2], State(20));
        var taken = cache.FindLongest([1], out _)!;

        using var state = cache.Take(taken);
        var rest = cache.FindLongest([2], out _)!;
        cache.Dispose();

        Assert.False(state.IsClosed, "a taken state lives until its reader disposes it");
        Assert.True(rest.State.IsClosed);
        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Making_room_keeps_the_pinned_entry()
    {
        using var cache = new HostStateCache(100);
        cache.Add([1], State(50));
        cache.Add([2], State(30));
        var pinned = cache.FindLongest([1], out _)!;

        Assert.False(cache.MakeRoom([3], 60, pinned));
        Assert.True(cache.MakeRoom([3], 50, pinned));
        Assert.Equal((1, 50L), (cache.Count, cache.Bytes));
        Assert.False(pinned.State.IsClosed);
    }
}

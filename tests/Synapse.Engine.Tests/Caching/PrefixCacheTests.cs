using Synapse.Engine.Caching;
using Synapse.Engine.Scheduling;
using Synapse.Engine.Simulation;

namespace Synapse.Engine.Tests.Caching;

/// <summary>Slot choice on a backend without real KV (the simulated one): which slot, and how many tokens it keeps.</summary>
public sealed class PrefixCacheTests
{
    private static (PrefixCache Cache, SequenceSlot[] Slots) Create(bool enabled = true, double similarity = 0.1)
    {
        var backend = new SimulatedBackend(3, 256, 64, TimeSpan.Zero);
        var slots = Enumerable.Range(0, 3).Select(i => new SequenceSlot(i)).ToArray();
        return (new PrefixCache(backend, new PrefixCacheOptions(enabled, similarity, 0), new EngineCounters()), slots);
    }

    private static void Hold(SequenceSlot slot, params int[] tokens)
    {
        slot.Tokens.Clear();
        slot.Tokens.AddRange(tokens);
    }

    [Fact]
    public void Takes_the_slot_with_the_longest_common_prefix_and_trims_the_rest()
    {
        var (cache, slots) = Create();
        Hold(slots[0], 1, 2, 3);
        Hold(slots[1], 1, 2, 3, 4, 5, 6);
        Hold(slots[2], 1, 9);

        var (slot, cached) = cache.Assign(slots, [1, 2, 3, 4, 7, 8]);

        Assert.Same(slots[1], slot);
        Assert.Equal(4, cached);
        Assert.Equal([1, 2, 3, 4], slot.Tokens);
    }

    [Fact]
    public void A_whole_prompt_in_cache_keeps_all_but_its_last_token()
    {
        var (cache, slots) = Create();
        Hold(slots[0], 1, 2, 3, 4, 5);

        var (slot, cached) = cache.Assign(slots, [1, 2, 3]);

        Assert.Same(slots[0], slot);
        Assert.Equal(2, cached);
        Assert.Equal([1, 2], slot.Tokens);
    }

    [Fact]
    public void Equal_prefixes_go_to_the_least_recently_used_slot()
    {
        var (cache, slots) = Create();
        Hold(slots[0], 1, 2, 5);
        Hold(slots[1], 1, 2, 6);
        Hold(slots[2], 1, 2, 7);
        (slots[0].LastUsed, slots[1].LastUsed, slots[2].LastUsed) = (30, 10, 20);

        Assert.Same(slots[1], cache.Assign(slots, [1, 2, 8]).Slot);
    }

    [Fact]
    public void Below_the_similarity_the_least_recently_used_slot_is_taken()
    {
        var (cache, slots) = Create(similarity: 0.5);
        Hold(slots[0], 1, 2, 3);
        Hold(slots[1], 4);
        Hold(slots[2], 5);
        (slots[0].LastUsed, slots[1].LastUsed, slots[2].LastUsed) = (3, 2, 1);

        // Slot 0 shares 2 of 5 tokens (40 % < 50 %): the least recently used slot 2 is taken, and it shares nothing.
        var (slot, cached) = cache.Assign(slots, [1, 2, 9, 9, 9]);

        Assert.Same(slots[2], slot);
        Assert.Equal(0, cached);
        Assert.Empty(slot.Tokens);
        Assert.Equal([1, 2, 3], slots[0].Tokens);
    }

    [Fact]
    public void Busy_slots_are_never_chosen()
    {
        var (cache, slots) = Create();
        var backend = new SimulatedBackend(1, 256, 64, TimeSpan.Zero);
        Hold(slots[0], 1, 2, 3, 4);
        slots[0].Request = new Synapse.Engine.Scheduling.Generation(new EngineCounters(), [1], 1, false, [], backend.CreateSampler(new(), null, new HashSet<int>(), [1], 256));
        Hold(slots[1], 1, 2);

        var (slot, cached) = cache.Assign(slots, [1, 2, 3, 4, 5]);

        Assert.Same(slots[1], slot);
        Assert.Equal(2, cached);
        Assert.Equal([1, 2, 3, 4], slots[0].Tokens);
    }

    [Fact]
    public void A_disabled_cache_reuses_nothing_and_frees_a_released_slot()
    {
        var (cache, slots) = Create(enabled: false);
        Hold(slots[0], 1, 2, 3, 4);

        var (slot, cached) = cache.Assign(slots, [1, 2, 3, 4, 5]);

        Assert.Equal(0, cached);
        cache.Release(slot);
        Assert.Empty(slot.Tokens);
    }
}

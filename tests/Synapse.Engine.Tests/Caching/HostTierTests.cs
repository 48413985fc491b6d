using Synapse.Engine.Caching;
using Synapse.Engine.Scheduling;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Caching;

/// <summary>
/// The host tier's memory through <see cref="PrefixCache"/> on a backend whose states are real native buffers it
/// counts: what is held is what is reported, never above the bound, and every dropped state is freed.
/// </summary>
public sealed class HostTierTests
{
    private const long BytesPerToken = 100;

    private static int[] Conversation(int id, int length) => [.. Enumerable.Range(id * 1000, length)];

    /// <summary>One request: the slot chosen for <paramref name="prompt"/> ends up holding all of it.</summary>
    private static (SequenceSlot Slot, int Cached) Serve(PrefixCache cache, SequenceSlot[] slots, StateCountingBackend backend, int[] prompt)
    {
        var (slot, cached) = cache.Assign(slots, prompt);
        slot.Tokens.Clear();
        slot.Tokens.AddRange(prompt);
        backend.Hold(slot.SequenceId, prompt.Length, extend: cached > 0);
        return (slot, cached);
    }

    [Fact]
    public void Cycling_conversations_through_one_slot_holds_within_the_bound_reports_it_and_frees_what_it_drops()
    {
        const long capacity = 100 * BytesPerToken; // two 40-token states, not three
        var backend = new StateCountingBackend(1, BytesPerToken, bound: capacity);
        var counters = new EngineCounters();
        var cache = new PrefixCache(backend, new PrefixCacheOptions(true, 0.1, capacity), counters);
        SequenceSlot[] slots = [new(0)];
        var ids = new Dictionary<int, int>();

        for (var round = 0; round < 6; round++)
        {
            for (var c = 0; c < 3; c++)
            {
                var (slot, cached) = Serve(cache, slots, backend, Conversation(c, 40 + round));
                if (cached > 0)
                {
                    // A restore brought back this conversation's own state, not another's.
                    Assert.Equal(ids[c], backend.IdOf(slot.SequenceId));
                }

                ids[c] = backend.IdOf(slot.SequenceId);
                Assert.Equal(backend.LiveBytes, Volatile.Read(ref counters.HostCacheBytes));
                Assert.Equal(backend.Live.Count, Volatile.Read(ref counters.HostCacheEntries));
                Assert.InRange(backend.LiveBytes, 0, capacity);
            }
        }

        Assert.True(counters.HostCacheRestores > 0, "some states came back");
        Assert.True(counters.HostCacheEvictions > 0, "some states were evicted");
        Assert.True(backend.Saves > backend.Live.Count, "evicted and restored states were freed");

        cache.Dispose();

        Assert.Empty(backend.Live);
        Assert.Equal(0, Volatile.Read(ref counters.HostCacheBytes));
    }

    [Fact]
    public void The_state_being_restored_is_not_evicted_to_make_room_for_the_slots_own()
    {
        // Room for one state and a half: saving the slot's state must not evict the one about to be read.
        const long capacity = 60 * BytesPerToken;
        var backend = new StateCountingBackend(1, BytesPerToken, bound: capacity);
        var counters = new EngineCounters();
        using var cache = new PrefixCache(backend, new PrefixCacheOptions(true, 0.1, capacity), counters);
        SequenceSlot[] slots = [new(0)];

        var first = Serve(cache, slots, backend, Conversation(1, 40));
        var firstId = backend.IdOf(0);
        Serve(cache, slots, backend, Conversation(2, 40));
        var (_, cached) = Serve(cache, slots, backend, Conversation(1, 40));

        Assert.Equal(39, cached);
        Assert.Equal([firstId], backend.Restored);
        // Conversation 2's state did not fit beside the pinned one: it was not kept, and nothing leaked.
        Assert.Equal((0, 0L), (backend.Live.Count, backend.LiveBytes));
        Assert.Equal(0, Volatile.Read(ref counters.HostCacheBytes));
        Assert.Equal(1, backend.Saves);
        Assert.Same(slots[0], first.Slot);
    }
}

using Synapse.Engine.Backend;

namespace Synapse.Engine.Caching;

/// <summary>
/// Sequence states kept in RAM after their slot was taken for another prompt, within <see cref="Capacity"/> bytes of
/// native memory: room is made (least recently used entries evicted first) before a state is saved, so what is held
/// never exceeds the bound, and each state dropped (evicted, superseded, taken, or at <see cref="Dispose"/>) is freed
/// at once. A state larger than the bound is not kept. Only the inference loop's thread uses it.
/// </summary>
internal sealed class HostStateCache(long capacity) : IDisposable
{
    private readonly List<HostStateEntry> _entries = [];
    private long _clock;

    public long Capacity { get; } = capacity;

    /// <summary>Bytes of the states held now; never above <see cref="Capacity"/>.</summary>
    public long Bytes { get; private set; }

    public int Count => _entries.Count;

    public long Evictions { get; private set; }

    /// <summary>The entry sharing the longest prefix with <paramref name="prompt"/>, or null when none shares any.</summary>
    public HostStateEntry? FindLongest(ReadOnlySpan<int> prompt, out int length)
    {
        HostStateEntry? best = null;
        length = 0;
        foreach (var entry in _entries)
        {
            var common = TokenPrefix.CommonLength(entry.Tokens, prompt);
            if (common > length)
            {
                (best, length) = (entry, common);
            }
        }

        return best;
    }

    /// <summary>
    /// Frees room for a state of <paramref name="bytes"/> for <paramref name="tokens"/>: drops the entries those tokens
    /// extend, then the least recently used, never <paramref name="pinned"/>; false when the state cannot fit.
    /// </summary>
    public bool MakeRoom(ReadOnlySpan<int> tokens, long bytes, HostStateEntry? pinned = null)
    {
        if (bytes > Capacity - (pinned?.Bytes ?? 0))
        {
            return false;
        }

        // An entry whose tokens this one extends says nothing this one does not.
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var entry = _entries[i];
            if (entry != pinned && entry.Tokens.Length <= tokens.Length && TokenPrefix.CommonLength(entry.Tokens, tokens) == entry.Tokens.Length)
            {
                Drop(i);
            }
        }

        while (Bytes + bytes > Capacity)
        {
            var oldest = -1;
            for (var i = 0; i < _entries.Count; i++)
            {
                if (_entries[i] != pinned && (oldest < 0 || _entries[i].LastUsed < _entries[oldest].LastUsed))
                {
                    oldest = i;
                }
            }

            Drop(oldest);
            Evictions++;
        }

        return true;
    }

    /// <summary>Keeps <paramref name="state"/> for <paramref name="tokens"/> (making room first); false, the state freed, when it cannot fit.</summary>
    public bool Add(int[] tokens, SequenceState state, HostStateEntry? pinned = null)
    {
        if (!MakeRoom(tokens, state.Length, pinned))
        {
            state.Dispose();
            return false;
        }

        _entries.Add(new HostStateEntry(tokens, state) { LastUsed = ++_clock });
        Bytes += state.Length;
        return true;
    }

    /// <summary>Removes <paramref name="entry"/> and hands its state to the caller, who disposes it after reading it.</summary>
    public SequenceState Take(HostStateEntry entry)
    {
        if (_entries.Remove(entry))
        {
            Bytes -= entry.Bytes;
        }

        return entry.State;
    }

    /// <summary>Frees every state held.</summary>
    public void Dispose()
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            Drop(i);
        }
    }

    private void Drop(int index)
    {
        var entry = _entries[index];
        _entries.RemoveAt(index);
        Bytes -= entry.Bytes;
        entry.State.Dispose();
    }
}

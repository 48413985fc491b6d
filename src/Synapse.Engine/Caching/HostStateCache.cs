namespace Synapse.Engine.Caching;

/// <summary>
/// Sequence states kept in RAM after their slot was taken for another prompt, within <see cref="Capacity"/> bytes:
/// adding evicts the least recently used entries first; a state larger than the bound is not kept. Only the
/// inference loop's thread uses it.
/// </summary>
internal sealed class HostStateCache(long capacity)
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

    /// <summary>Keeps <paramref name="state"/> for <paramref name="tokens"/>; false when it alone exceeds the bound.</summary>
    public bool Add(int[] tokens, byte[] state)
    {
        if (state.LongLength > Capacity)
        {
            return false;
        }

        // An entry whose tokens this one extends says nothing this one does not.
        _entries.RemoveAll(e =>
        {
            var superseded = e.Tokens.Length <= tokens.Length && TokenPrefix.CommonLength(e.Tokens, tokens) == e.Tokens.Length;
            if (superseded)
            {
                Bytes -= e.State.LongLength;
            }

            return superseded;
        });
        while (Bytes + state.LongLength > Capacity)
        {
            var oldest = _entries.MinBy(e => e.LastUsed)!;
            Remove(oldest);
            Evictions++;
        }

        _entries.Add(new HostStateEntry(tokens, state) { LastUsed = ++_clock });
        Bytes += state.LongLength;
        return true;
    }

    public void Remove(HostStateEntry entry)
    {
        if (_entries.Remove(entry))
        {
            Bytes -= entry.State.LongLength;
        }
    }
}

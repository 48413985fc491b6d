namespace Synapse.LoadBalancer.Routing;

/// <summary>
/// An approximate copy of what one node may hold in its prefix cache: a radix tree over the text of the requests it
/// was sent (characters, not tokens: the balancer has no tokenizer, and a character prefix is a token prefix but for
/// the last token). Bounded: past <see cref="MaxCharacters"/> the least recently used branches are dropped, and
/// branches untouched for <see cref="Lifetime"/> are forgotten, as the node's cache forgets them. Thread-safe.
/// </summary>
public sealed class PrefixTree
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Entry _root = new("", null);
    private long _characters;
    private long _clock;
    private DateTimeOffset _nextExpiry;

    public PrefixTree(int maxCharacters, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        MaxCharacters = maxCharacters;
        Lifetime = lifetime;
        _time = time;
        _nextExpiry = time.GetUtcNow() + lifetime;
    }

    public int MaxCharacters { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>Characters held on the tree's edges: what its memory grows with.</summary>
    public long Characters
    {
        get
        {
            lock (_lock)
            {
                return _characters;
            }
        }
    }

    /// <summary>Branches (edges) in the tree.</summary>
    public int Entries
    {
        get
        {
            lock (_lock)
            {
                return Walk().Count() - 1;
            }
        }
    }

    /// <summary>How many leading characters of <paramref name="text"/> the tree holds.</summary>
    public int Match(ReadOnlySpan<char> text)
    {
        lock (_lock)
        {
            ExpireIfDue();
            var entry = _root;
            var matched = 0;
            while (matched < text.Length && entry.Children?.GetValueOrDefault(text[matched]) is { } child)
            {
                var common = CommonLength(child.Label, text[matched..]);
                matched += common;
                if (common < child.Label.Length)
                {
                    break;
                }

                entry = child;
            }

            return matched;
        }
    }

    /// <summary>Adds <paramref name="text"/> (at most <see cref="MaxCharacters"/> of it) as used now, then keeps the bound.</summary>
    public void Insert(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxCharacters)
        {
            text = text[..MaxCharacters];
        }

        lock (_lock)
        {
            var now = _time.GetUtcNow();
            // Eviction orders by a use counter, not by the time: inserts within one clock tick (a coarse or fake
            // clock) would tie, and the text just inserted could be the first leaf dropped.
            var use = ++_clock;
            var entry = _root;
            entry.Touch(now, use);
            var position = 0;
            while (position < text.Length)
            {
                var rest = text[position..];
                if (entry.Children?.GetValueOrDefault(rest[0]) is not { } child)
                {
                    var leaf = new Entry(rest.ToString(), entry);
                    leaf.Touch(now, use);
                    (entry.Children ??= [])[rest[0]] = leaf;
                    _characters += leaf.Label.Length;
                    break;
                }

                var common = CommonLength(child.Label, rest);
                if (common < child.Label.Length)
                {
                    child = Split(child, common);
                }

                child.Touch(now, use);
                position += common;
                entry = child;
            }

            ExpireIfDue();
            if (_characters > MaxCharacters)
            {
                // Down to nine tenths, so a tree at its bound is not walked again on every insert.
                Evict(MaxCharacters - (MaxCharacters / 10), DateTimeOffset.MinValue);
            }
        }
    }

    /// <summary>Forgets everything (the node went away or restarted: its cache is gone).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _root.Children = null;
            _characters = 0;
        }
    }

    /// <summary>Splits <paramref name="child"/> after <paramref name="length"/> characters; returns the new upper part.</summary>
    private static Entry Split(Entry child, int length)
    {
        var parent = child.Parent!;
        var upper = new Entry(child.Label[..length], parent);
        upper.Touch(child.LastUsed, child.Use);
        parent.Children![upper.Label[0]] = upper;
        child.Label = child.Label[length..];
        child.Parent = upper;
        upper.Children = new Dictionary<char, Entry> { [child.Label[0]] = child };
        return upper;
    }

    private void ExpireIfDue()
    {
        var now = _time.GetUtcNow();
        if (now < _nextExpiry)
        {
            return;
        }

        // Checked a few times per lifetime: an entry lives between one and one and a quarter lifetimes.
        _nextExpiry = now + (Lifetime / 4);
        Evict(long.MaxValue, now - Lifetime);
    }

    /// <summary>Drops leaves, least recently used first, while over <paramref name="target"/> characters or used before <paramref name="expired"/>.</summary>
    private void Evict(long target, DateTimeOffset expired)
    {
        var leaves = new PriorityQueue<Entry, long>();
        Collect(leaves);
        while (leaves.TryDequeue(out var leaf, out _) && (_characters > target || leaf.LastUsed < expired))
        {
            var parent = leaf.Parent!;
            parent.Children!.Remove(leaf.Label[0]);
            _characters -= leaf.Label.Length;
            if (parent.Children.Count == 0)
            {
                parent.Children = null;
                if (parent != _root)
                {
                    leaves.Enqueue(parent, parent.Use);
                }
            }
        }
    }

    private void Collect(PriorityQueue<Entry, long> leaves)
    {
        foreach (var entry in Walk())
        {
            if (entry.Children is null && entry != _root)
            {
                leaves.Enqueue(entry, entry.Use);
            }
        }
    }

    /// <summary>Every entry, without recursion: a tree of many branch points is deep.</summary>
    private IEnumerable<Entry> Walk()
    {
        var pending = new Stack<Entry>();
        pending.Push(_root);
        while (pending.TryPop(out var entry))
        {
            yield return entry;
            foreach (var child in entry.Children?.Values ?? Enumerable.Empty<Entry>())
            {
                pending.Push(child);
            }
        }
    }

    private static int CommonLength(string label, ReadOnlySpan<char> text) => label.AsSpan().CommonPrefixLength(text);

    private sealed class Entry(string label, Entry? parent)
    {
        public string Label { get; set; } = label;

        public Entry? Parent { get; set; } = parent;

        public Dictionary<char, Entry>? Children { get; set; }

        public DateTimeOffset LastUsed { get; private set; }

        /// <summary>The tree's use counter when this entry was last used: strictly ordered, unlike the time.</summary>
        public long Use { get; private set; }

        public void Touch(DateTimeOffset now, long use) => (LastUsed, Use) = (now, use);
    }
}

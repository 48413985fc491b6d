namespace Synapse.Engine.Text;

/// <summary>
/// Finds stop strings in streamed text. Text is released only once it cannot be the start of a stop string;
/// a stop string that spans deltas is found, and neither it nor anything after it is ever released.
/// </summary>
public sealed class StopStringMatcher
{
    private readonly string[] _stops;
    private readonly int _maxStopLength;
    private char[] _held;
    private int _heldLength;

    public StopStringMatcher(IReadOnlyList<string> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        foreach (var stop in stops)
        {
            if (string.IsNullOrEmpty(stop))
            {
                throw new ArgumentException("Stop strings must not be empty.", nameof(stops));
            }
        }

        _stops = [.. stops];
        _maxStopLength = _stops.Length == 0 ? 0 : _stops.Max(s => s.Length);
        _held = new char[Math.Max(16, _maxStopLength * 2)];
    }

    public bool HasStops => _stops.Length > 0;

    /// <summary>True once a stop string was found; nothing more is released after that.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The stop string that ended the text, once <see cref="Stopped"/>.</summary>
    public string? MatchedStop { get; private set; }

    /// <summary>How many chars are held back as a possible start of a stop string.</summary>
    public int HeldLength => _heldLength;

    /// <summary>
    /// Adds <paramref name="text"/> and returns the part that is now safe to release (possibly empty). After a stop
    /// string is found, <see cref="Stopped"/> is true and the returned text is everything before it.
    /// </summary>
    public string Push(ReadOnlySpan<char> text)
    {
        if (Stopped || text.IsEmpty)
        {
            return "";
        }

        if (_stops.Length == 0)
        {
            return new string(text);
        }

        // The held text is shorter than every stop string it could start, so a match lies within held + text.
        EnsureCapacity(_heldLength + text.Length);
        text.CopyTo(_held.AsSpan(_heldLength));
        _heldLength += text.Length;
        var window = _held.AsSpan(0, _heldLength);

        var matchAt = -1;
        foreach (var stop in _stops)
        {
            var at = window.IndexOf(stop.AsSpan(), StringComparison.Ordinal);
            if (at >= 0 && (matchAt < 0 || at < matchAt))
            {
                matchAt = at;
                MatchedStop = stop;
            }
        }

        if (matchAt >= 0)
        {
            Stopped = true;
            var before = new string(window[..matchAt]);
            _heldLength = 0;
            return before;
        }

        var keep = LongestStopPrefixSuffix(window);
        var release = _heldLength - keep;
        if (release == 0)
        {
            return "";
        }

        var released = new string(window[..release]);
        window[release..].CopyTo(_held);
        _heldLength = keep;
        return released;
    }

    /// <summary>At the end of generation without a stop match: releases what was held back.</summary>
    public string Flush()
    {
        if (Stopped || _heldLength == 0)
        {
            return "";
        }

        var rest = new string(_held, 0, _heldLength);
        _heldLength = 0;
        return rest;
    }

    /// <summary>Length of the longest suffix of <paramref name="window"/> that is a proper prefix of some stop string.</summary>
    private int LongestStopPrefixSuffix(ReadOnlySpan<char> window)
    {
        var longest = 0;
        var limit = Math.Min(window.Length, _maxStopLength - 1);
        for (var length = limit; length > longest; length--)
        {
            var suffix = window[^length..];
            foreach (var stop in _stops)
            {
                if (stop.Length > length && stop.AsSpan().StartsWith(suffix, StringComparison.Ordinal))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    private void EnsureCapacity(int needed)
    {
        if (_held.Length < needed)
        {
            Array.Resize(ref _held, Math.Max(needed, _held.Length * 2));
        }
    }
}

using System.Text.RegularExpressions;
using Synapse.Engine.Grammar;

namespace Synapse.Engine.Sampling;

/// <summary>
/// A lazy grammar's triggers, compiled once per constraint and shared by every request that uses it (the
/// <see cref="CompiledGrammarCache"/> keeps it with the parsed grammar). <see cref="Find"/> is called after every
/// token on the text generated so far and only looks where a new match can be: before the call, the text up to
/// <c>searched</c> held no trigger, so a new word occurrence ends after it, and starts at most the longest word's
/// length before it. Patterns anchored at the start (<c>^</c>, <c>\A</c>) can only match at position 0, where the
/// regex fails as soon as the text leaves the pattern; other patterns are searched from the longest match they can
/// have before the new text, or from the start when their length has no bound. Thread-safe (immutable).
/// </summary>
internal sealed class TriggerMatcher
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private readonly string[] _words;
    private readonly int _longestWord;
    private readonly Pattern[] _patterns;

    private TriggerMatcher(string[] words, Pattern[] patterns)
    {
        _words = words;
        _longestWord = words.Length == 0 ? 0 : words.Max(w => w.Length);
        _patterns = patterns;
    }

    /// <summary>Null when <paramref name="constraint"/> is not lazy.</summary>
    public static TriggerMatcher? For(GrammarConstraint constraint)
    {
        if (!constraint.IsLazy)
        {
            return null;
        }

        var patterns = constraint.TriggerPatterns.Select(p => new Pattern(
            new Regex(p, RegexOptions.Compiled | RegexOptions.CultureInvariant, Timeout),
            IsStartAnchored(p),
            MaxLength(p))).ToArray();
        return new TriggerMatcher(constraint.TriggerWords.Where(w => w.Length > 0).ToArray(), patterns);
    }

    /// <summary>
    /// Where the constrained part of <paramref name="text"/> starts (the earliest trigger), or -1. The first
    /// <paramref name="searched"/> characters were searched before and held no trigger.
    /// </summary>
    public int Find(ReadOnlySpan<char> text, int searched)
    {
        var best = -1;
        var from = Math.Max(0, searched - _longestWord + 1);
        foreach (var word in _words)
        {
            var at = text[from..].IndexOf(word, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || from + at < best))
            {
                best = from + at;
            }
        }

        foreach (var pattern in _patterns)
        {
            var start = pattern.StartAnchored ? 0 : pattern.MaxLength is { } max ? Math.Max(0, searched - max + 1) : 0;
            foreach (var found in pattern.Regex.EnumerateMatches(text, start))
            {
                // Spans give no groups: the first match is read again as a string, once, for its first group.
                var match = pattern.Regex.Match(text.ToString(), found.Index);
                var at = match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Index : match.Index;
                if (best < 0 || at < best)
                {
                    best = at;
                }

                break;
            }
        }

        return best;
    }

    /// <summary>Whether every match of <paramref name="pattern"/> starts at the start of the text.</summary>
    private static bool IsStartAnchored(string pattern) =>
        (pattern.StartsWith('^') || pattern.StartsWith(@"\A", StringComparison.Ordinal)) && !HasTopLevelAlternation(pattern);

    private static bool HasTopLevelAlternation(string pattern)
    {
        var depth = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    inClass = true;
                    break;
                case ']':
                    inClass = false;
                    break;
                case '(' when !inClass:
                    depth++;
                    break;
                case ')' when !inClass:
                    depth--;
                    break;
                case '|' when !inClass && depth == 0:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The longest text <paramref name="pattern"/> can match, when it is a plain sequence of literal characters,
    /// escapes and character classes, optionally quantified by <c>?</c> or <c>{n}</c>/<c>{n,m}</c>; null otherwise
    /// (then the whole text is searched).
    /// </summary>
    internal static int? MaxLength(string pattern)
    {
        var length = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            int atom;
            var c = pattern[i];
            if (c is '(' or ')' or '|' or '*' or '+' or '^' or '$')
            {
                return null;
            }

            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || char.IsAsciiLetter(pattern[i + 1]) && pattern[i + 1] is not ('d' or 'D' or 'w' or 'W' or 's' or 'S' or 'n' or 't' or 'r'))
                {
                    return null;
                }

                (atom, i) = (1, i + 2);
            }
            else if (c == '[')
            {
                var close = i + 1;
                while (close < pattern.Length && (pattern[close] != ']' || close == i + 1))
                {
                    close += pattern[close] == '\\' ? 2 : 1;
                }

                if (close >= pattern.Length)
                {
                    return null;
                }

                (atom, i) = (1, close + 1);
            }
            else
            {
                (atom, i) = (1, i + 1);
            }

            if (i < pattern.Length && pattern[i] == '?')
            {
                i++;
            }
            else if (i < pattern.Length && pattern[i] == '{')
            {
                var close = pattern.IndexOf('}', i);
                var bounds = close < 0 ? null : pattern[(i + 1)..close].Split(',');
                if (bounds is null || !int.TryParse(bounds[^1], out var most))
                {
                    return null;
                }

                atom *= most;
                i = close + 1;
            }

            length += atom;
        }

        return length;
    }

    private sealed record Pattern(Regex Regex, bool StartAnchored, int? MaxLength);
}

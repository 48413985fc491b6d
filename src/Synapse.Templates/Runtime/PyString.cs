using System.Globalization;
using System.Text;

namespace Synapse.Templates.Runtime;

/// <summary>Python str behaviour over .NET strings (which are UTF-16: code points, not chars, count).</summary>
internal static class PyString
{
    public static long Length(string s)
    {
        var surrogates = 0;
        foreach (var c in s)
        {
            if (char.IsLowSurrogate(c))
            {
                surrogates++;
            }
        }

        return s.Length - surrogates;
    }

    public static List<object?> Chars(string s)
    {
        var result = new List<object?>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            result.Add(rune.ToString());
        }

        return result;
    }

    public static bool IsPythonWhitespace(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x1f' or '\x85'
        || (c > 127 && char.IsWhiteSpace(c));

    public static string Strip(string s, string? chars, bool left, bool right)
    {
        var start = 0;
        var end = s.Length;
        Func<char, bool> strip = chars is null ? IsPythonWhitespace : c => chars.Contains(c, StringComparison.Ordinal);
        if (left)
        {
            while (start < end && strip(s[start]))
            {
                start++;
            }
        }

        if (right)
        {
            while (end > start && strip(s[end - 1]))
            {
                end--;
            }
        }

        return s[start..end];
    }

    /// <summary>Python's str.split(sep=None, maxsplit=-1).</summary>
    public static List<object?> Split(string s, string? separator, long maxSplit)
    {
        var result = new List<object?>();
        if (separator is null)
        {
            var i = 0;
            while (i < s.Length)
            {
                while (i < s.Length && IsPythonWhitespace(s[i]))
                {
                    i++;
                }

                if (i >= s.Length)
                {
                    break;
                }

                if (maxSplit >= 0 && result.Count >= maxSplit)
                {
                    result.Add(s[i..].TrimEnd());
                    return result;
                }

                var start = i;
                while (i < s.Length && !IsPythonWhitespace(s[i]))
                {
                    i++;
                }

                result.Add(s[start..i]);
            }

            return result;
        }

        if (separator.Length == 0)
        {
            throw JinjaRuntimeError.Value("empty separator");
        }

        var position = 0;
        while (maxSplit < 0 || result.Count < maxSplit)
        {
            var found = s.IndexOf(separator, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            result.Add(s[position..found]);
            position = found + separator.Length;
        }

        result.Add(s[position..]);
        return result;
    }

    /// <summary>Python's str.rsplit(sep, maxsplit).</summary>
    public static List<object?> RSplit(string s, string? separator, long maxSplit)
    {
        if (maxSplit < 0 || separator is null)
        {
            return Split(s, separator, maxSplit);
        }

        var result = new List<object?>();
        var end = s.Length;
        while (result.Count < maxSplit)
        {
            var found = end == 0 ? -1 : s.LastIndexOf(separator, end - 1, StringComparison.Ordinal);
            if (found < 0 || found + separator.Length > end)
            {
                break;
            }

            result.Insert(0, s[(found + separator.Length)..end]);
            end = found;
        }

        result.Insert(0, s[..end]);
        return result;
    }

    /// <summary>Python's str.splitlines(): every line boundary Python knows.</summary>
    public static List<string> SplitLines(string s, bool keepEnds = false)
    {
        var lines = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var width = c switch
            {
                '\r' when i + 1 < s.Length && s[i + 1] == '\n' => 2,
                '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029' => 1,
                _ => 0,
            };
            if (width == 0)
            {
                i++;
                continue;
            }

            lines.Add(keepEnds ? s[start..(i + width)] : s[start..i]);
            i += width;
            start = i;
        }

        if (start < s.Length)
        {
            lines.Add(s[start..]);
        }

        return lines;
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : s[..1].ToUpperInvariant() + s[1..].ToLowerInvariant();

    /// <summary>Python's str.title(): a letter after a non-letter starts a word.</summary>
    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            builder.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = char.IsLetter(c);
        }

        return builder.ToString();
    }

    public static void AppendRepr(StringBuilder builder, string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        builder.Append(quote);
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            if (v == quote || v == '\\')
            {
                builder.Append('\\').Append((char)v);
            }
            else if (v == '\n')
            {
                builder.Append("\\n");
            }
            else if (v == '\r')
            {
                builder.Append("\\r");
            }
            else if (v == '\t')
            {
                builder.Append("\\t");
            }
            else if (IsPrintable(rune))
            {
                builder.Append(rune.ToString());
            }
            else if (v < 0x100)
            {
                builder.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (v < 0x10000)
            {
                builder.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        builder.Append(quote);
    }

    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}

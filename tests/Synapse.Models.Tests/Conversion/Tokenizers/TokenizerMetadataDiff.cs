using System.Globalization;
using System.Text;
using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>Key-by-key comparison of the tokenizer.* metadata of two GGUF files, with readable differences.</summary>
internal static class TokenizerMetadataDiff
{
    /// <summary>Differences by key: missing, extra, a different type or value, or for arrays the differing items.</summary>
    public static SortedDictionary<string, string> Compare(GgufMetadata expected, GgufMetadata actual)
    {
        var differences = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var keys = expected.Keys.Concat(actual.Keys).Where(k => k.StartsWith("tokenizer.", StringComparison.Ordinal)).Distinct();
        foreach (var key in keys)
        {
            var hasExpected = expected.TryGetValue(key, out var e);
            var hasActual = actual.TryGetValue(key, out var a);
            if (!hasActual)
            {
                differences[key] = $"missing (llama.cpp wrote {Describe(e!)})";
            }
            else if (!hasExpected)
            {
                differences[key] = $"extra (we wrote {Describe(a!)})";
            }
            else if (e!.Type != a!.Type)
            {
                differences[key] = $"type {a.Type}, llama.cpp wrote {e.Type}";
            }
            else if (e.Type == GgufValueType.Array)
            {
                if (ArrayDifference(e.AsArray(), a.AsArray()) is { } text)
                {
                    differences[key] = text;
                }
            }
            else if (!e.Equals(a))
            {
                differences[key] = $"we wrote {Describe(a)}, llama.cpp wrote {Describe(e)}";
            }
        }

        return differences;
    }

    public static string Format(IReadOnlyDictionary<string, string> differences) =>
        string.Join(Environment.NewLine, differences.Select(d => $"  {d.Key}: {d.Value}"));

    private static string? ArrayDifference(GgufArray expected, GgufArray actual)
    {
        if (expected.ElementType != actual.ElementType)
        {
            return $"element type {actual.ElementType}, llama.cpp wrote {expected.ElementType}";
        }

        var differing = new List<int>();
        var n = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < n; i++)
        {
            if (!Equals(expected.Items.GetValue(i), actual.Items.GetValue(i)) && !BothNaN(expected.Items.GetValue(i), actual.Items.GetValue(i)))
            {
                differing.Add(i);
            }
        }

        if (differing.Count == 0 && expected.Count == actual.Count)
        {
            return null;
        }

        var text = new StringBuilder();
        if (expected.Count != actual.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"{actual.Count} items, llama.cpp wrote {expected.Count}; ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{differing.Count} differing item(s)");
        if (differing.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" at [{string.Join(", ", Ranges(differing))}]; first: ");
            text.AppendJoin("; ", differing.Take(5).Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"#{i} we {Item(actual, i)} / llama.cpp {Item(expected, i)}")));
        }

        return text.ToString();
    }

    private static IEnumerable<string> Ranges(List<int> indices)
    {
        var start = indices[0];
        var previous = start;
        foreach (var i in indices.Skip(1).Append(int.MinValue))
        {
            if (i == previous + 1)
            {
                previous = i;
                continue;
            }

            yield return start == previous ? start.ToString(CultureInfo.InvariantCulture) : $"{start}..{previous}";
            start = previous = i;
        }
    }

    private static bool BothNaN(object? x, object? y) => x is float a && y is float b && float.IsNaN(a) && float.IsNaN(b);

    private static string Item(GgufArray array, int index) => array.Items.GetValue(index) switch
    {
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other?.ToString() ?? "null",
    };

    private static string Describe(GgufValue value) => value.Type switch
    {
        GgufValueType.Array => $"{value.AsArray().ElementType}[{value.AsArray().Count}]",
        GgufValueType.String => $"'{Shorten(value.AsString())}'",
        _ => $"{value.Type} {value}",
    };

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}

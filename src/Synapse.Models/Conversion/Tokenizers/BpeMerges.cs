using System.Text.Json;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>BPE merge lists as gguf-py reads them, written as "left right".</summary>
internal static class BpeMerges
{
    /// <summary>tokenizer.json merges: "a b" strings, or (transformers ≥ 4.45) [a, b] pairs whose spaces gguf-py writes as U+0120.</summary>
    public static List<string> FromTokenizerJson(JsonElement? element)
    {
        var merges = new List<string>();
        if (element is not { ValueKind: JsonValueKind.Array } list)
        {
            return merges;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                merges.Add(item.GetString()!);
            }
            else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2
                     && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String)
            {
                merges.Add(EncodeSpaces(item[0].GetString()!) + " " + EncodeSpaces(item[1].GetString()!));
            }
            else
            {
                throw new InvalidDataException("tokenizer.json: unknown merges format (expected \"a b\" strings or [a, b] pairs).");
            }
        }

        return merges;
    }

    private static string EncodeSpaces(string part) => part.Replace(' ', '\u0120');

    /// <summary>merges.txt as gguf-py reads it: an optional "#version" first line, then "a b" per line; malformed lines skipped.</summary>
    public static List<string> FromMergesText(string path)
    {
        var merges = new List<string>();
        var first = true;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (first)
            {
                first = false;
                if (line.StartsWith('#'))
                {
                    continue;
                }
            }

            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
            {
                merges.Add(parts[0] + " " + parts[1]);
            }
        }

        return merges;
    }
}

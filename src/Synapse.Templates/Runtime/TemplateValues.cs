using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synapse.Templates.Runtime;

/// <summary>
/// Turns caller data (JSON from a request, or plain .NET values) into the Python-like values templates see:
/// objects become insertion-ordered dicts, integers stay integers, 1.0 stays a float.
/// </summary>
internal static class TemplateValues
{
    public static object? From(object? value, int depth = 0)
    {
        if (depth > 200)
        {
            throw new ArgumentException("Template input is nested too deeply.");
        }

        switch (value)
        {
            case null:
                return null;
            case string or bool or long or double or Undefined or PyDict or Namespace or ICallable:
                return value;
            case int i:
                return (long)i;
            case short or byte or sbyte or ushort or uint:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case float f:
                return (double)f;
            case decimal m:
                return (double)m;
            case JsonElement element:
                return FromJson(element, depth);
            case JsonNode node:
                return FromJson(JsonSerializer.SerializeToElement(node, TemplateJsonContext.Default.JsonNode), depth);
            case IDictionary dictionary:
                var dict = new PyDict(dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    dict[From(entry.Key, depth + 1)!] = From(entry.Value, depth + 1);
                }

                return dict;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var fromPairs = new PyDict();
                foreach (var (key, item) in pairs)
                {
                    fromPairs[key] = From(item, depth + 1);
                }

                return fromPairs;
            case IEnumerable sequence:
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(From(item, depth + 1));
                }

                return list;
            default:
                throw new ArgumentException($"A template cannot use values of type {value.GetType().Name}.");
        }
    }

    public static object? FromJson(JsonElement element, int depth = 0)
    {
        if (depth > 200)
        {
            throw new ArgumentException("Template input is nested too deeply.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new PyDict();
                foreach (var property in element.EnumerateObject())
                {
                    dict[property.Name] = FromJson(property.Value, depth + 1);
                }

                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJson(item, depth + 1));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") < 0 && element.TryGetInt64(out var integer))
                {
                    return integer;
                }

                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}

using System.Globalization;
using System.Text;

namespace Synapse.Templates.Runtime;

/// <summary>Jinja's built-in filters (those templates use), with Jinja's argument names and defaults.</summary>
internal static class Filters
{
    public static IReadOnlyDictionary<string, FilterFunction> All { get; } = new Dictionary<string, FilterFunction>(StringComparer.Ordinal)
    {
        ["abs"] = (_, v, _) => v switch
        {
            long l => (object)Math.Abs(l),
            double d => Math.Abs(d),
            bool b => b ? 1L : 0L,
            _ => throw JinjaRuntimeError.Type($"bad operand type for abs(): '{PyObjects.TypeName(v)}'"),
        },
        ["attr"] = (_, v, a) => Members.GetAttribute(v, PyObjects.Str(a.Get(0, "name", null))),
        ["batch"] = Batch,
        ["capitalize"] = (_, v, _) => PyString.Capitalize(PyObjects.Str(v)),
        ["center"] = (_, v, a) => Center(PyObjects.Str(v), (int)PyObjects.ToLong(a.Get(0, "width", 80L))),
        ["count"] = (_, v, _) => PyObjects.Length(v),
        ["length"] = (_, v, _) => PyObjects.Length(v),
        ["default"] = Default,
        ["d"] = Default,
        ["dictsort"] = DictSort,
        ["escape"] = (_, v, _) => v as Markup ?? new Markup(Markup.Escape(PyObjects.Str(v))),
        ["e"] = (_, v, _) => v as Markup ?? new Markup(Markup.Escape(PyObjects.Str(v))),
        ["first"] = (_, v, _) => PyObjects.Iterate(v) is { Count: > 0 } items ? items[0] : Undefined.WithHint("No first item, sequence was empty."),
        ["last"] = (_, v, _) => PyObjects.Iterate(v) is { Count: > 0 } items ? items[^1] : Undefined.WithHint("No last item, sequence was empty."),
        ["float"] = ToFloat,
        ["format"] = (_, v, a) => Operators.PercentFormat(PyObjects.Str(v), a.Positional.ToArray()),
        ["indent"] = Indent,
        ["int"] = ToInt,
        ["items"] = (_, v, _) => v switch
        {
            Undefined => new List<object?>(),
            PyDict dict => DictMethods.Items(dict),
            _ => throw JinjaRuntimeError.Type("Can only get item pairs from a mapping."),
        },
        ["join"] = Join,
        ["list"] = (_, v, _) => new List<object?>(PyObjects.Iterate(v)),
        ["lower"] = (_, v, _) => PyObjects.Str(v).ToLowerInvariant(),
        ["upper"] = (_, v, _) => PyObjects.Str(v).ToUpperInvariant(),
        ["map"] = Map,
        ["max"] = (c, v, a) => MinMax(v, a, max: true),
        ["min"] = (c, v, a) => MinMax(v, a, max: false),
        ["pprint"] = (_, v, _) => PyObjects.Repr(v),
        ["reject"] = (c, v, a) => Select(c, v, a, keep: false, byAttribute: false),
        ["rejectattr"] = (c, v, a) => Select(c, v, a, keep: false, byAttribute: true),
        ["select"] = (c, v, a) => Select(c, v, a, keep: true, byAttribute: false),
        ["selectattr"] = (c, v, a) => Select(c, v, a, keep: true, byAttribute: true),
        ["replace"] = (_, v, a) => ReplaceCount(
            PyObjects.Str(v), PyObjects.Str(a.Get(0, "old", null)), PyObjects.Str(a.Get(1, "new", null)),
            a.Get(2, "count", null) is { } count and not Undefined ? PyObjects.ToLong(count) : -1),
        ["reverse"] = (_, v, _) => v is string s ? string.Concat(Enumerable.Reverse(PyString.Chars(s)).Cast<string>()) : Enumerable.Reverse(PyObjects.Iterate(v)).ToList(),
        ["round"] = Round,
        ["safe"] = (_, v, _) => v as Markup ?? new Markup(PyObjects.Str(v)),
        ["sort"] = Sort,
        ["string"] = (_, v, _) => PyObjects.Str(v),
        ["sum"] = Sum,
        ["title"] = (_, v, _) => JinjaTitle(PyObjects.Str(v)),
        ["tojson"] = ToJson,
        ["trim"] = (_, v, a) => PyString.Strip(PyObjects.Str(v), a.Get(0, "chars", null) is string chars ? chars : null, true, true),
        ["unique"] = Unique,
        ["wordcount"] = (_, v, _) => (long)PyObjects.Str(v).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
    };

    private static object? Default(RenderContext context, object? value, CallArguments args)
    {
        var fallback = args.Get(0, "default_value", string.Empty);
        var boolean = PyObjects.Truthy(args.Get(1, "boolean", false));
        return value is Undefined || (boolean && !PyObjects.Truthy(value)) ? fallback : value;
    }

    private static object? DictSort(RenderContext context, object? value, CallArguments args)
    {
        if (value is not PyDict dict)
        {
            throw JinjaRuntimeError.Type("dictsort filter requires a mapping");
        }

        var caseSensitive = PyObjects.Truthy(args.Get(0, "case_sensitive", false));
        var by = PyObjects.Str(args.Get(1, "by", "key"));
        var reverse = PyObjects.Truthy(args.Get(2, "reverse", false));
        var position = by switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new JinjaRuntimeError("FilterArgumentError", "You can only sort by either \"key\" or \"value\""),
        };
        var items = DictMethods.Items(dict);
        return SortBy(items, item => SortKey(((object?[])item!)[position], caseSensitive), reverse);
    }

    private static object? SortKey(object? value, bool caseSensitive) =>
        !caseSensitive && value is string s ? s.ToLowerInvariant() : value;

    private static List<object?> SortBy(List<object?> items, Func<object?, object?> key, bool reverse)
    {
        var comparer = Comparer<object?>.Create((a, b) => PyObjects.Compare(a, b, "<"));
        var sorted = reverse ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer);
        return sorted.ToList();
    }

    private static object? Sort(RenderContext context, object? value, CallArguments args)
    {
        var reverse = PyObjects.Truthy(args.Get(0, "reverse", false));
        var caseSensitive = PyObjects.Truthy(args.Get(1, "case_sensitive", false));
        var attribute = args.Get(2, "attribute", null);
        var getter = AttributeGetter(attribute);
        return SortBy(new List<object?>(PyObjects.Iterate(value)), item => SortKey(getter(item), caseSensitive), reverse);
    }

    private static object? Unique(RenderContext context, object? value, CallArguments args)
    {
        var caseSensitive = PyObjects.Truthy(args.Get(0, "case_sensitive", false));
        var getter = AttributeGetter(args.Get(1, "attribute", null));
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in PyObjects.Iterate(value))
        {
            var key = SortKey(getter(item), caseSensitive);
            if (!seen.Any(s => PyObjects.PyEquals(s, key)))
            {
                seen.Add(key);
                result.Add(item);
            }
        }

        return result;
    }

    private static object? Sum(RenderContext context, object? value, CallArguments args)
    {
        var getter = AttributeGetter(args.Get(0, "attribute", null));
        var total = args.Get(1, "start", 0L);
        foreach (var item in PyObjects.Iterate(value))
        {
            total = Operators.Add(total, getter(item));
        }

        return total;
    }

    private static object? MinMax(object? value, CallArguments args, bool max)
    {
        var caseSensitive = PyObjects.Truthy(args.Get(0, "case_sensitive", false));
        var getter = AttributeGetter(args.Get(1, "attribute", null));
        var items = PyObjects.Iterate(value);
        if (items.Count == 0)
        {
            return Undefined.WithHint($"No aggregated item, sequence was empty.");
        }

        var best = items[0];
        foreach (var item in items.Skip(1))
        {
            var order = PyObjects.Compare(SortKey(getter(item), caseSensitive), SortKey(getter(best), caseSensitive), "<");
            if (max ? order > 0 : order < 0)
            {
                best = item;
            }
        }

        return best;
    }

    /// <summary>Jinja's make_attrgetter: "a.b.0" walks items/attributes; none means the item itself.</summary>
    public static Func<object?, object?> AttributeGetter(object? attribute, object? fallback = null, bool hasFallback = false)
    {
        if (attribute is null or Undefined)
        {
            return item => item;
        }

        var parts = attribute is string path
            ? path.Split('.').Select(p => long.TryParse(p, out var index) ? (object)index : p).ToArray()
            : [attribute];
        return item =>
        {
            foreach (var part in parts)
            {
                item = Members.GetItem(item, part);
            }

            return hasFallback && item is Undefined ? fallback : item;
        };
    }

    private static object? Map(RenderContext context, object? value, CallArguments args)
    {
        // Jinja's map and select skip a false input (none, empty) instead of failing to iterate it.
        var items = PyObjects.Truthy(value) ? PyObjects.Iterate(value) : [];
        if (args.Positional.Count == 0 && args.Named.ContainsKey("attribute"))
        {
            var getter = AttributeGetter(args.Named["attribute"], args.Named.GetValueOrDefault("default"), args.Named.ContainsKey("default"));
            return items.Select(getter).ToList();
        }

        if (args.Positional.Count == 0)
        {
            throw new JinjaRuntimeError("FilterArgumentError", "map requires a filter argument");
        }

        var name = PyObjects.Str(args.Positional[0]);
        if (!All.TryGetValue(name, out var filter))
        {
            throw new JinjaRuntimeError("TemplateRuntimeError", $"No filter named '{name}'.");
        }

        var rest = args.Skip(1);
        return items.Select(item => filter(context, item, rest)).ToList();
    }

    private static object? Select(RenderContext context, object? value, CallArguments args, bool keep, bool byAttribute)
    {
        var offset = 0;
        var getter = AttributeGetter(null);
        if (byAttribute)
        {
            getter = AttributeGetter(args.Get(0, "attr", null));
            offset = 1;
        }

        Func<object?, bool> predicate;
        if (args.Positional.Count <= offset)
        {
            predicate = PyObjects.Truthy;
        }
        else
        {
            var name = PyObjects.Str(args.Positional[offset]);
            if (!Tests.All.TryGetValue(name, out var test))
            {
                throw new JinjaRuntimeError("TemplateRuntimeError", $"No test named '{name}'.");
            }

            var rest = args.Skip(offset + 1);
            predicate = item => test(context, item, rest);
        }

        var items = PyObjects.Truthy(value) ? PyObjects.Iterate(value) : [];
        return items.Where(item => predicate(getter(item)) == keep).ToList();
    }

    private static object? Join(RenderContext context, object? value, CallArguments args)
    {
        var separator = PyObjects.Str(args.Get(0, "d", string.Empty));
        var getter = AttributeGetter(args.Get(1, "attribute", null));
        return string.Join(separator, PyObjects.Iterate(value).Select(item => PyObjects.Str(getter(item))));
    }

    private static object? ToInt(RenderContext context, object? value, CallArguments args)
    {
        var fallback = args.Get(0, "default", 0L);
        var numberBase = (int)PyObjects.ToLong(args.Get(1, "base", 10L));
        switch (value)
        {
            case long or bool:
                return PyObjects.ToLong(value);
            case double d:
                return double.IsFinite(d) ? (long)Math.Truncate(d) : fallback;
            case string s:
                var text = s.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
                try
                {
                    if (numberBase == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }

                    if (numberBase != 10 && text.Length > 0)
                    {
                        return Convert.ToInt64(text, numberBase);
                    }
                }
                catch (FormatException)
                {
                    return fallback;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var asFloat) && double.IsFinite(asFloat)
                    ? (long)Math.Truncate(asFloat)
                    : fallback;
            default:
                return fallback;
        }
    }

    private static object? ToFloat(RenderContext context, object? value, CallArguments args)
    {
        var fallback = args.Get(0, "default", 0.0);
        return value switch
        {
            long or bool or double => PyObjects.ToDouble(value),
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => fallback,
        };
    }

    private static object? Round(RenderContext context, object? value, CallArguments args)
    {
        var precision = (int)PyObjects.ToLong(args.Get(0, "precision", 0L));
        var method = PyObjects.Str(args.Get(1, "method", "common"));
        var number = PyObjects.ToDouble(value);
        var factor = Math.Pow(10, precision);
        return method switch
        {
            "common" => Math.Round(number, Math.Clamp(precision, 0, 15), MidpointRounding.ToEven),
            "ceil" => Math.Ceiling(number * factor) / factor,
            "floor" => Math.Floor(number * factor) / factor,
            _ => throw new JinjaRuntimeError("FilterArgumentError", "method must be common, ceil or floor"),
        };
    }

    private static object? Indent(RenderContext context, object? value, CallArguments args)
    {
        var width = args.Get(0, "width", 4L);
        var first = PyObjects.Truthy(args.Get(1, "first", false));
        var blank = PyObjects.Truthy(args.Get(2, "blank", false));
        var indentation = width is string text ? text : new string(' ', (int)PyObjects.ToLong(width));
        var s = PyObjects.Str(value) + "\n";
        var lines = PyString.SplitLines(s);
        string result;
        if (blank)
        {
            result = string.Join("\n" + indentation, lines);
        }
        else
        {
            var builder = new StringBuilder(lines[0]);
            for (var i = 1; i < lines.Count; i++)
            {
                builder.Append('\n');
                if (lines[i].Length > 0)
                {
                    builder.Append(indentation);
                }

                builder.Append(lines[i]);
            }

            result = builder.ToString();
        }

        return first ? indentation + result : result;
    }

    private static object? Batch(RenderContext context, object? value, CallArguments args)
    {
        var size = (int)PyObjects.ToLong(args.Get(0, "linecount", 1L));
        if (size <= 0)
        {
            throw JinjaRuntimeError.Value("batch size must be positive");
        }

        var fill = args.Get(1, "fill_with", null);
        var hasFill = args.Has(1, "fill_with");
        var result = new List<object?>();
        var current = new List<object?>();
        foreach (var item in PyObjects.Iterate(value))
        {
            current.Add(item);
            if (current.Count == size)
            {
                result.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            while (hasFill && current.Count < size)
            {
                current.Add(fill);
            }

            result.Add(current);
        }

        return result;
    }

    private static object? ToJson(RenderContext context, object? value, CallArguments args)
    {
        // Hugging Face's own tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False).
        var ensureAscii = PyObjects.Truthy(args.Get(0, "ensure_ascii", false));
        var indent = args.Get(1, "indent", null);
        var separators = args.Get(2, "separators", null);
        var sortKeys = PyObjects.Truthy(args.Get(3, "sort_keys", false));
        string? itemSeparator = null;
        string? keySeparator = null;
        if (separators is not null and not Undefined)
        {
            var pair = PyObjects.Iterate(separators);
            if (pair.Count != 2)
            {
                throw JinjaRuntimeError.Value("separators must be an (item_separator, key_separator) pair");
            }

            itemSeparator = PyObjects.Str(pair[0]);
            keySeparator = PyObjects.Str(pair[1]);
        }

        var indentText = indent switch
        {
            null or Undefined => null,
            string s => s,
            _ => new string(' ', (int)Math.Max(0, PyObjects.ToLong(indent))),
        };
        return PyJson.Dumps(value, indentText, itemSeparator, keySeparator, sortKeys, ensureAscii);
    }

    public static string ReplaceCount(string s, string old, string replacement, long count)
    {
        if (count < 0)
        {
            if (old.Length == 0)
            {
                var chars = PyString.Chars(s);
                return replacement + string.Concat(chars.Select(c => (string)c! + replacement));
            }

            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var position = 0;
        for (var done = 0; done < count && old.Length > 0; done++)
        {
            var found = s.IndexOf(old, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            builder.Append(s, position, found - position).Append(replacement);
            position = found + old.Length;
        }

        return builder.Append(s, position, s.Length - position).ToString();
    }

    public static string Center(string s, int width)
    {
        if (s.Length >= width)
        {
            return s;
        }

        // Python's str.center puts the odd space on the right when the padding is odd and the length even, else on the left.
        var total = width - s.Length;
        var left = total / 2 + (total & width & 1);
        return new string(' ', left) + s + new string(' ', total - left);
    }


    /// <summary>Jinja's title filter: words start after whitespace, '-', or an opening bracket.</summary>
    private static string JinjaTitle(string s)
    {
        var builder = new StringBuilder(s.Length);
        var wordStart = true;
        foreach (var c in s)
        {
            var separator = char.IsWhiteSpace(c) || c is '-' or '(' or '{' or '[' or '<';
            if (separator)
            {
                builder.Append(c);
                wordStart = true;
                continue;
            }

            builder.Append(wordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            wordStart = false;
        }

        return builder.ToString();
    }
}

using System.Globalization;
using System.Text;

namespace Synapse.Templates.Runtime;

/// <summary>
/// Python's <c>json.dumps</c> as Hugging Face's tojson calls it: keys in insertion order (unless sort_keys), no
/// HTML escaping, non-ASCII kept unless ensure_ascii, separators ", "/": " (or "," + newline with an indent).
/// </summary>
internal static class PyJson
{
    public static string Dumps(object? value, string? indent, string? itemSeparator, string? keySeparator, bool sortKeys, bool ensureAscii)
    {
        var writer = new Writer(indent, itemSeparator ?? (indent is null ? ", " : ","), keySeparator ?? ": ", sortKeys, ensureAscii);
        writer.Write(value, 0);
        return writer.ToString();
    }

    private sealed class Writer(string? indent, string itemSeparator, string keySeparator, bool sortKeys, bool ensureAscii)
    {
        private readonly StringBuilder _builder = new();

        public override string ToString() => _builder.ToString();

        public void Write(object? value, int depth)
        {
            if (depth > 500)
            {
                throw JinjaRuntimeError.Value("value nested too deeply for JSON");
            }

            switch (value)
            {
                case null:
                    _builder.Append("null");
                    break;
                case bool b:
                    _builder.Append(b ? "true" : "false");
                    break;
                case long l:
                    _builder.Append(l.ToString(CultureInfo.InvariantCulture));
                    break;
                case double d:
                    _builder.Append(FloatText(d));
                    break;
                case string s:
                    WriteString(s);
                    break;
                case Markup m:
                    WriteString(m.Value);
                    break;
                case List<object?> or object?[]:
                    WriteArray((IReadOnlyList<object?>)value, depth);
                    break;
                case PyDict dict:
                    WriteObject(dict, depth);
                    break;
                default:
                    throw JinjaRuntimeError.Type($"Object of type {PyObjects.TypeName(value)} is not JSON serializable");
            }
        }

        private static string FloatText(double d) => d switch
        {
            double.NaN => "NaN",
            double.PositiveInfinity => "Infinity",
            double.NegativeInfinity => "-Infinity",
            _ => PyFloat.Repr(d),
        };

        private void NewLine(int depth)
        {
            if (indent is null)
            {
                return;
            }

            _builder.Append('\n');
            for (var i = 0; i < depth; i++)
            {
                _builder.Append(indent);
            }
        }

        private void WriteArray(IReadOnlyList<object?> items, int depth)
        {
            if (items.Count == 0)
            {
                _builder.Append("[]");
                return;
            }

            _builder.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    _builder.Append(itemSeparator);
                }

                NewLine(depth + 1);
                Write(items[i], depth + 1);
            }

            NewLine(depth);
            _builder.Append(']');
        }

        private void WriteObject(PyDict dict, int depth)
        {
            if (dict.Count == 0)
            {
                _builder.Append("{}");
                return;
            }

            IEnumerable<KeyValuePair<object, object?>> pairs = dict;
            if (sortKeys)
            {
                pairs = dict.OrderBy(p => p.Key, Comparer<object?>.Create((a, b) => PyObjects.Compare(a, b, "<")));
            }

            _builder.Append('{');
            var first = true;
            foreach (var (key, item) in pairs)
            {
                if (!first)
                {
                    _builder.Append(itemSeparator);
                }

                first = false;
                NewLine(depth + 1);
                WriteString(key switch
                {
                    string s => s,
                    bool b => b ? "true" : "false",
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    double d => FloatText(d),
                    _ => throw JinjaRuntimeError.Type($"keys must be str, int, float, bool or None, not {PyObjects.TypeName(key)}"),
                });
                _builder.Append(keySeparator);
                Write(item, depth + 1);
            }

            NewLine(depth);
            _builder.Append('}');
        }

        private void WriteString(string s)
        {
            _builder.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"':
                        _builder.Append("\\\"");
                        break;
                    case '\\':
                        _builder.Append("\\\\");
                        break;
                    case '\n':
                        _builder.Append("\\n");
                        break;
                    case '\r':
                        _builder.Append("\\r");
                        break;
                    case '\t':
                        _builder.Append("\\t");
                        break;
                    case '\b':
                        _builder.Append("\\b");
                        break;
                    case '\f':
                        _builder.Append("\\f");
                        break;
                    default:
                        if (c < 0x20 || (ensureAscii && c > 0x7e))
                        {
                            _builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _builder.Append(c);
                        }

                        break;
                }
            }

            _builder.Append('"');
        }
    }
}

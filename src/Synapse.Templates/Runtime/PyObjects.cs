using System.Globalization;
using System.Text;

namespace Synapse.Templates.Runtime;

/// <summary>Python's view of template values: type names, truth, str(), equality, ordering, length, iteration.</summary>
internal static class PyObjects
{
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        Markup => "Markup",
        List<object?> => "list",
        object?[] => "tuple",
        PyDict => "dict",
        Undefined => "Undefined",
        Namespace => "Namespace",
        Macro => "Macro",
        LoopContext => "LoopContext",
        ICallable => "function",
        _ => value.GetType().Name,
    };

    /// <summary>Jinja's object_type_repr, quoted as its messages quote it: 'None', 'dict object'.</summary>
    public static string TypeRepr(object? value) => value is null ? "'None'" : $"'{TypeName(value)} object'";

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        Markup m => m.Value.Length > 0,
        List<object?> list => list.Count > 0,
        object?[] tuple => tuple.Length > 0,
        PyDict dict => dict.Count > 0,
        Undefined => false,
        _ => true,
    };

    /// <summary>Python's str().</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        Markup m => m.Value,
        Undefined => string.Empty,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PyFloat.Repr(d),
        _ => Repr(value),
    };

    /// <summary>Python's repr().</summary>
    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value, 0);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder builder, object? value, int depth)
    {
        if (depth > 200)
        {
            throw JinjaRuntimeError.Value("value nested too deeply to print");
        }

        switch (value)
        {
            case string s:
                PyString.AppendRepr(builder, s);
                break;
            case Markup m:
                builder.Append("Markup(");
                PyString.AppendRepr(builder, m.Value);
                builder.Append(')');
                break;
            case List<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    AppendRepr(builder, list[i], depth + 1);
                }

                builder.Append(']');
                break;
            case object?[] tuple:
                builder.Append('(');
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    AppendRepr(builder, tuple[i], depth + 1);
                }

                builder.Append(tuple.Length == 1 ? ",)" : ")");
                break;
            case PyDict dict:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in dict)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    AppendRepr(builder, key, depth + 1);
                    builder.Append(": ");
                    AppendRepr(builder, item, depth + 1);
                }

                builder.Append('}');
                break;
            case Undefined:
                builder.Append("Undefined");
                break;
            case Namespace ns:
                builder.Append("<Namespace ");
                var attrs = new PyDict();
                foreach (var (k, v) in ns.Attributes)
                {
                    attrs[k] = v;
                }

                AppendRepr(builder, attrs, depth + 1);
                builder.Append('>');
                break;
            case Macro macro:
                builder.Append("<Macro '").Append(macro.Name).Append("'>");
                break;
            case LoopContext loop:
                builder.Append("<LoopContext ").Append(loop.Index).Append('/').Append(loop.Length).Append('>');
                break;
            case BuiltinFunction function:
                builder.Append("<built-in function ").Append(function.Name).Append('>');
                break;
            default:
                builder.Append(Str(value));
                break;
        }
    }

    /// <summary>Markup is a str subclass: everywhere but <c>+</c> it behaves as its text.</summary>
    public static object? Unwrap(object? value) => value is Markup m ? m.Value : value;

    public static bool PyEquals(object? a, object? b)
    {
        a = Unwrap(a);
        b = Unwrap(b);
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        switch (a)
        {
            case null:
                return b is null;
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case bool or long or double when IsNumber(b):
                return a is double || b is double ? ToDouble(a) == ToDouble(b) : ToLong(a) == ToLong(b);
            case List<object?> la:
                return b is List<object?> lb && SequenceEquals(la, lb);
            case object?[] ta:
                return b is object?[] tb && SequenceEquals(ta, tb);
            case PyDict da:
                if (b is not PyDict db || da.Count != db.Count)
                {
                    return false;
                }

                foreach (var (key, value) in da)
                {
                    if (!db.TryGetValue(key, out var other) || !PyEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case Undefined:
                return b is Undefined;
            default:
                return Equals(a, b);
        }
    }

    private static bool SequenceEquals(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!PyEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Python's ordering for &lt; &gt; &lt;= &gt;=: numbers with numbers, strings with strings, sequences elementwise.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        a = Unwrap(a);
        b = Unwrap(b);
        if (a is Undefined u)
        {
            throw u.Fail();
        }

        if (b is Undefined ub)
        {
            throw ub.Fail();
        }

        if (IsNumber(a) && IsNumber(b))
        {
            return a is double || b is double ? ToDouble(a).CompareTo(ToDouble(b)) : ToLong(a).CompareTo(ToLong(b));
        }

        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb) switch { < 0 => -1, 0 => 0, _ => 1 };
        }

        if ((a is List<object?> && b is List<object?>) || (a is object?[] && b is object?[]))
        {
            var la = (IReadOnlyList<object?>)a;
            var lb = (IReadOnlyList<object?>)b;
            for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                if (!PyEquals(la[i], lb[i]))
                {
                    return Compare(la[i], lb[i], op);
                }
            }

            return la.Count.CompareTo(lb.Count);
        }

        throw JinjaRuntimeError.Type($"'{op}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    public static long ToLong(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => (long)d,
        _ => throw JinjaRuntimeError.Type($"expected a number, got '{TypeName(value)}'"),
    };

    public static double ToDouble(object? value) => value switch
    {
        bool b => b ? 1 : 0,
        long l => l,
        double d => d,
        _ => throw JinjaRuntimeError.Type($"expected a number, got '{TypeName(value)}'"),
    };

    /// <summary>Python's len().</summary>
    public static long Length(object? value) => value switch
    {
        string s => PyString.Length(s),
        Markup m => PyString.Length(m.Value),
        List<object?> list => list.Count,
        object?[] tuple => tuple.Length,
        PyDict dict => dict.Count,
        Undefined => 0,
        Namespace ns => ns.Attributes.Count,
        _ => throw JinjaRuntimeError.Type($"object of type '{TypeName(value)}' has no len()"),
    };

    /// <summary>Python's iter(): strings by code point, dicts by key; undefined iterates as empty.</summary>
    public static IReadOnlyList<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        object?[] tuple => tuple,
        PyDict dict => [.. dict.Keys],
        string s => PyString.Chars(s),
        Markup m => PyString.Chars(m.Value),
        Undefined => [],
        _ => throw JinjaRuntimeError.Type($"'{TypeName(value)}' object is not iterable"),
    };

    public static bool IsIterable(object? value) => value is string or Markup or List<object?> or object?[] or PyDict or Undefined;

    /// <summary>Python's <c>in</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        container = Unwrap(container);
        item = Unwrap(item);
        switch (container)
        {
            case string s:
                if (item is not string sub)
                {
                    throw JinjaRuntimeError.Type($"'in <string>' requires string as left operand, not {TypeName(item)}");
                }

                return s.Contains(sub, StringComparison.Ordinal);
            case PyDict dict:
                return item is not null && IsHashable(item) ? dict.ContainsKey(item) : item is null && dict.Keys.Any(k => k is null);
            case List<object?> or object?[]:
                foreach (var element in (IReadOnlyList<object?>)container)
                {
                    if (PyEquals(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case Undefined:
                return false;
            default:
                throw JinjaRuntimeError.Type($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    public static bool IsHashable(object? value) => value is not (List<object?> or PyDict);
}

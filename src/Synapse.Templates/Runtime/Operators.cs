using System.Globalization;
using System.Text;

namespace Synapse.Templates.Runtime;

/// <summary>Python's arithmetic on template values, with Python's TypeError messages.</summary>
internal static class Operators
{
    public static object? Add(object? a, object? b)
    {
        FailOnUndefined(a, b);
        switch (a, b)
        {
            case (Markup ma, Markup mb):
                return new Markup(ma.Value + mb.Value);
            case (Markup ma, string sb):
                return new Markup(ma.Value + Markup.Escape(sb));
            case (string sa, Markup mb):
                return new Markup(Markup.Escape(sa) + mb.Value);
        }

        a = PyObjects.Unwrap(a);
        b = PyObjects.Unwrap(b);
        if (PyObjects.IsNumber(a) && PyObjects.IsNumber(b))
        {
            return a is double || b is double ? (object)(PyObjects.ToDouble(a) + PyObjects.ToDouble(b)) : PyObjects.ToLong(a) + PyObjects.ToLong(b);
        }

        switch (a)
        {
            case string sa when b is string sb:
                return string.Concat(sa, sb);
            case string:
                throw JinjaRuntimeError.Type($"can only concatenate str (not \"{PyObjects.TypeName(b)}\") to str");
            case List<object?> la when b is List<object?> lb:
                return new List<object?>(la.Concat(lb));
            case List<object?>:
                throw JinjaRuntimeError.Type($"can only concatenate list (not \"{PyObjects.TypeName(b)}\") to list");
            case object?[] ta when b is object?[] tb:
                return ta.Concat(tb).ToArray();
            default:
                throw Unsupported("+", a, b);
        }
    }

    public static object? Subtract(object? a, object? b)
    {
        FailOnUndefined(a, b);
        if (PyObjects.IsNumber(a) && PyObjects.IsNumber(b))
        {
            return a is double || b is double ? (object)(PyObjects.ToDouble(a) - PyObjects.ToDouble(b)) : PyObjects.ToLong(a) - PyObjects.ToLong(b);
        }

        throw Unsupported("-", a, b);
    }

    public static object? Multiply(object? a, object? b)
    {
        FailOnUndefined(a, b);
        a = PyObjects.Unwrap(a);
        b = PyObjects.Unwrap(b);
        if (PyObjects.IsNumber(a) && PyObjects.IsNumber(b))
        {
            return a is double || b is double ? (object)(PyObjects.ToDouble(a) * PyObjects.ToDouble(b)) : PyObjects.ToLong(a) * PyObjects.ToLong(b);
        }

        if (a is string or List<object?> && b is long or bool)
        {
            return Repeat(a, PyObjects.ToLong(b));
        }

        if (b is string or List<object?> && a is long or bool)
        {
            return Repeat(b, PyObjects.ToLong(a));
        }

        throw Unsupported("*", a, b);
    }

    private static object Repeat(object? sequence, long times)
    {
        if (times > 1_000_000)
        {
            throw new JinjaRuntimeError("OverflowError", "repetition count too large");
        }

        if (sequence is string s)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < times; i++)
            {
                builder.Append(s);
            }

            return builder.ToString();
        }

        var list = (List<object?>)sequence!;
        var result = new List<object?>();
        for (var i = 0; i < times; i++)
        {
            result.AddRange(list);
        }

        return result;
    }

    public static object? Divide(object? a, object? b)
    {
        FailOnUndefined(a, b);
        if (PyObjects.IsNumber(a) && PyObjects.IsNumber(b))
        {
            var divisor = PyObjects.ToDouble(b);
            if (divisor == 0)
            {
                throw new JinjaRuntimeError("ZeroDivisionError", "division by zero");
            }

            return PyObjects.ToDouble(a) / divisor;
        }

        throw Unsupported("/", a, b);
    }

    public static object? FloorDivide(object? a, object? b)
    {
        FailOnUndefined(a, b);
        if (PyObjects.IsNumber(a) && PyObjects.IsNumber(b))
        {
            if (PyObjects.ToDouble(b) == 0)
            {
                throw new JinjaRuntimeError("ZeroDivisionError", "integer division or modulo by zero");
            }

            if (a is double || b is double)
            {
                return Math.Floor(PyObjects.ToDouble(a) / PyObjects.ToDouble(b));
            }

            var x = PyObjects.ToLong(a);
            var y = PyObjects.ToLong(b);
            var q = x / y;
            return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;
        }

        throw Unsupported("//", a, b);
    }

    public static object? Modulo(object? a, object? b)
    {
        FailOnUndefined(a, b);
        a = PyObjects.Unwrap(a);
        b = PyObjects.Unwrap(b);
        if (a is string format)
        {
            return PercentFormat(format, b);
        }

        if (PyObjects.IsNumber(a) && PyObjects.IsNumber(b))
        {
            if (PyObjects.ToDouble(b) == 0)
            {
                throw new JinjaRuntimeError("ZeroDivisionError", "integer division or modulo by zero");
            }

            if (a is double || b is double)
            {
                var x = PyObjects.ToDouble(a);
                var y = PyObjects.ToDouble(b);
                var r = x % y;
                return r != 0 && (r < 0) != (y < 0) ? r + y : r;
            }

            var i = PyObjects.ToLong(a);
            var j = PyObjects.ToLong(b);
            var m = i % j;
            return m != 0 && (m < 0) != (j < 0) ? m + j : m;
        }

        throw Unsupported("%", a, b);
    }

    public static object? Power(object? a, object? b)
    {
        FailOnUndefined(a, b);
        if (PyObjects.IsNumber(a) && PyObjects.IsNumber(b))
        {
            if (a is not double && b is not double && PyObjects.ToLong(b) >= 0)
            {
                var result = 1L;
                var baseValue = PyObjects.ToLong(a);
                for (var e = PyObjects.ToLong(b); e > 0; e--)
                {
                    result = checked(result * baseValue);
                }

                return result;
            }

            return Math.Pow(PyObjects.ToDouble(a), PyObjects.ToDouble(b));
        }

        throw Unsupported("** or pow()", a, b);
    }

    public static object? Negate(object? value) => value switch
    {
        Undefined u => throw u.Fail(),
        double d => (object)-d,
        long or bool => -PyObjects.ToLong(value),
        _ => throw JinjaRuntimeError.Type($"bad operand type for unary -: '{PyObjects.TypeName(value)}'"),
    };

    public static object? Plus(object? value) => value switch
    {
        Undefined u => throw u.Fail(),
        double or long => value,
        bool => PyObjects.ToLong(value),
        _ => throw JinjaRuntimeError.Type($"bad operand type for unary +: '{PyObjects.TypeName(value)}'"),
    };

    /// <summary>printf-style <c>"%s" % value</c> for %s, %r, %d, %i, %f and %%.</summary>
    public static string PercentFormat(string format, object? arguments)
    {
        var values = arguments is object?[] tuple ? tuple : [arguments];
        var next = 0;
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                builder.Append(format[i]);
                continue;
            }

            var spec = format[++i];
            if (spec == '%')
            {
                builder.Append('%');
                continue;
            }

            if (next >= values.Length)
            {
                throw JinjaRuntimeError.Type("not enough arguments for format string");
            }

            var value = values[next++];
            builder.Append(spec switch
            {
                's' => PyObjects.Str(value),
                'r' => PyObjects.Repr(value),
                'd' or 'i' => PyObjects.ToLong(value).ToString(CultureInfo.InvariantCulture),
                'f' => PyObjects.ToDouble(value).ToString("F6", CultureInfo.InvariantCulture),
                _ => throw JinjaRuntimeError.Value($"unsupported format character '{spec}'"),
            });
        }

        return builder.ToString();
    }

    private static void FailOnUndefined(object? a, object? b)
    {
        if (a is Undefined ua)
        {
            throw ua.Fail();
        }

        if (b is Undefined ub)
        {
            throw ub.Fail();
        }
    }

    private static JinjaRuntimeError Unsupported(string op, object? a, object? b) =>
        JinjaRuntimeError.Type($"unsupported operand type(s) for {op}: '{PyObjects.TypeName(a)}' and '{PyObjects.TypeName(b)}'");
}

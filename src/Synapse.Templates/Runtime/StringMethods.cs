using System.Text;

namespace Synapse.Templates.Runtime;

/// <summary>The Python str methods chat templates call, bound to one string.</summary>
internal static class StringMethods
{
    public static BuiltinFunction? Get(string s, string name) => name switch
    {
        "strip" => Bind(name, args => PyString.Strip(s, OptionalString(args, 0, "chars"), true, true)),
        "lstrip" => Bind(name, args => PyString.Strip(s, OptionalString(args, 0, "chars"), true, false)),
        "rstrip" => Bind(name, args => PyString.Strip(s, OptionalString(args, 0, "chars"), false, true)),
        "split" => Bind(name, args => PyString.Split(s, OptionalString(args, 0, "sep"), MaxSplit(args))),
        "rsplit" => Bind(name, args => PyString.RSplit(s, OptionalString(args, 0, "sep"), MaxSplit(args))),
        "splitlines" => Bind(name, args => PyString.SplitLines(s, PyObjects.Truthy(args.Get(0, "keepends", false))).Cast<object?>().ToList()),
        "startswith" => Bind(name, args => Affix(s, args, (text, affix) => text.StartsWith(affix, StringComparison.Ordinal))),
        "endswith" => Bind(name, args => Affix(s, args, (text, affix) => text.EndsWith(affix, StringComparison.Ordinal))),
        "upper" => Bind(name, _ => s.ToUpperInvariant()),
        "lower" => Bind(name, _ => s.ToLowerInvariant()),
        "title" => Bind(name, _ => PyString.Title(s)),
        "capitalize" => Bind(name, _ => PyString.Capitalize(s)),
        "replace" => Bind(name, args => Replace(s, args)),
        "find" => Bind(name, args => (long)s.IndexOf(RequireString(args, 0, "sub"), StringComparison.Ordinal)),
        "rfind" => Bind(name, args => (long)s.LastIndexOf(RequireString(args, 0, "sub"), StringComparison.Ordinal)),
        "count" => Bind(name, args => Count(s, RequireString(args, 0, "sub"))),
        "join" => Bind(name, args => string.Join(s, PyObjects.Iterate(args.Get(0, "iterable", null)).Select(JoinItem))),
        "format" => Bind(name, args => Format(s, args)),
        "isdigit" => Bind(name, _ => s.Length > 0 && s.All(char.IsDigit)),
        "isnumeric" => Bind(name, _ => s.Length > 0 && s.All(char.IsNumber)),
        "isalpha" => Bind(name, _ => s.Length > 0 && s.All(char.IsLetter)),
        "isalnum" => Bind(name, _ => s.Length > 0 && s.All(char.IsLetterOrDigit)),
        "isspace" => Bind(name, _ => s.Length > 0 && s.All(PyString.IsPythonWhitespace)),
        "islower" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsUpper)),
        "isupper" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsLower)),
        "zfill" => Bind(name, args => ZeroFill(s, (int)PyObjects.ToLong(args.Get(0, "width", 0L)))),
        "center" => Bind(name, args => Filters.Center(s, (int)PyObjects.ToLong(args.Get(0, "width", 0L)))),
        _ => null,
    };

    private static BuiltinFunction Bind(string name, Func<CallArguments, object?> body) => new(name, (_, args) => body(args));

    private static string? OptionalString(CallArguments args, int position, string name) => args.Get(position, name, null) switch
    {
        null => null,
        string s => s,
        var other => throw JinjaRuntimeError.Type($"must be str or None, not {PyObjects.TypeName(other)}"),
    };

    private static string RequireString(CallArguments args, int position, string name) => args.Get(position, name, null) switch
    {
        string s => s,
        Undefined u => throw u.Fail(),
        var other => throw JinjaRuntimeError.Type($"must be str, not {PyObjects.TypeName(other)}"),
    };

    private static long MaxSplit(CallArguments args) => PyObjects.ToLong(args.Get(1, "maxsplit", -1L));

    private static bool Affix(string s, CallArguments args, Func<string, string, bool> test)
    {
        var affix = args.Get(0, "prefix", null);
        return affix switch
        {
            string one => test(s, one),
            object?[] or List<object?> => PyObjects.Iterate(affix).Any(a => a is string one && test(s, one)),
            Undefined u => throw u.Fail(),
            _ => throw JinjaRuntimeError.Type($"startswith/endswith first arg must be str or a tuple of str, not {PyObjects.TypeName(affix)}"),
        };
    }

    private static string Replace(string s, CallArguments args)
    {
        var old = RequireString(args, 0, "old");
        var replacement = RequireString(args, 1, "new");
        var count = PyObjects.ToLong(args.Get(2, "count", -1L));
        return Filters.ReplaceCount(s, old, replacement, count);
    }

    private static long Count(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return PyString.Length(s) + 1;
        }

        long count = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string JoinItem(object? item) => item as string
        ?? throw JinjaRuntimeError.Type($"sequence item: expected str instance, {PyObjects.TypeName(item)} found");

    private static string ZeroFill(string s, int width)
    {
        if (s.Length >= width)
        {
            return s;
        }

        var sign = s.Length > 0 && s[0] is '+' or '-' ? s[..1] : string.Empty;
        return sign + new string('0', width - s.Length) + s[sign.Length..];
    }

    /// <summary>str.format with {}, {0} and {name} fields (format specs are not supported).</summary>
    private static string Format(string format, CallArguments args)
    {
        var builder = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                builder.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                builder.Append('}');
                i++;
                continue;
            }

            if (c != '{')
            {
                builder.Append(c);
                continue;
            }

            var end = format.IndexOf('}', i);
            if (end < 0)
            {
                throw JinjaRuntimeError.Value("Single '{' encountered in format string");
            }

            var field = format[(i + 1)..end];
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                field = field[..colon];
            }

            object? value;
            if (field.Length == 0)
            {
                value = auto < args.Positional.Count ? args.Positional[auto++] : throw new JinjaRuntimeError("IndexError", "Replacement index out of range for positional args tuple");
            }
            else if (int.TryParse(field, out var position))
            {
                value = position < args.Positional.Count ? args.Positional[position] : throw new JinjaRuntimeError("IndexError", $"Replacement index {position} out of range for positional args tuple");
            }
            else
            {
                value = args.Named.TryGetValue(field, out var named) ? named : throw new JinjaRuntimeError("KeyError", $"'{field}'");
            }

            builder.Append(PyObjects.Str(value));
            i = end;
        }

        return builder.ToString();
    }
}

namespace Synapse.Templates.Runtime;

/// <summary>Global functions: Jinja's (range, dict, namespace, joiner, cycler) and Hugging Face's (raise_exception, strftime_now).</summary>
internal static class Globals
{
    private const int MaxRange = 1_000_000;

    public static IReadOnlyDictionary<string, object?> All { get; } = new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["range"] = new BuiltinFunction("range", (_, args) => Range(args)),
        ["dict"] = new BuiltinFunction("dict", (_, args) => Dict(args)),
        ["namespace"] = new BuiltinFunction("namespace", (_, args) => NewNamespace(args)),
        ["raise_exception"] = new BuiltinFunction("raise_exception", (_, args) =>
            throw new JinjaRuntimeError("TemplateError", PyObjects.Str(args.Get(0, "message", string.Empty)), raisedByTemplate: true)),
        ["strftime_now"] = new BuiltinFunction("strftime_now", (context, args) =>
            Strftime.Format(context.Clock.GetLocalNow().DateTime, PyObjects.Str(args.Get(0, "format", string.Empty)))),
        ["joiner"] = new BuiltinFunction("joiner", (_, args) => Joiner(PyObjects.Str(args.Get(0, "sep", ", ")))),
    };

    private static List<object?> Range(CallArguments args)
    {
        var numbers = args.Positional.Select(PyObjects.ToLong).ToArray();
        var (start, stop, step) = numbers.Length switch
        {
            1 => (0L, numbers[0], 1L),
            2 => (numbers[0], numbers[1], 1L),
            3 => (numbers[0], numbers[1], numbers[2]),
            _ => throw JinjaRuntimeError.Type($"range expected 1 to 3 arguments, got {numbers.Length}"),
        };
        if (step == 0)
        {
            throw JinjaRuntimeError.Value("range() arg 3 must not be zero");
        }

        var result = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            if (result.Count >= MaxRange)
            {
                throw new JinjaRuntimeError("OverflowError", $"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).");
            }

            result.Add(i);
        }

        return result;
    }

    private static PyDict Dict(CallArguments args)
    {
        var dict = new PyDict();
        if (args.Positional.Count > 0 && args.Positional[0] is PyDict source)
        {
            foreach (var (key, value) in source)
            {
                dict[key] = value;
            }
        }

        foreach (var (key, value) in args.Named)
        {
            dict[key] = value;
        }

        return dict;
    }

    private static Namespace NewNamespace(CallArguments args)
    {
        var ns = new Namespace();
        if (args.Positional.Count > 0 && args.Positional[0] is PyDict source)
        {
            foreach (var (key, value) in source)
            {
                ns.Attributes[PyObjects.Str(key)] = value;
            }
        }

        foreach (var (key, value) in args.Named)
        {
            ns.Attributes[key] = value;
        }

        return ns;
    }

    private static BuiltinFunction Joiner(string separator)
    {
        var used = false;
        return new BuiltinFunction("joiner", (_, _) =>
        {
            if (!used)
            {
                used = true;
                return string.Empty;
            }

            return separator;
        });
    }
}

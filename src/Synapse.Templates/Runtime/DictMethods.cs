namespace Synapse.Templates.Runtime;

/// <summary>The dict methods templates call; the mutating ones are refused as Hugging Face's immutable sandbox refuses them.</summary>
internal static class DictMethods
{
    public static BuiltinFunction? Get(PyDict dict, string name) => name switch
    {
        "get" => new BuiltinFunction(name, (_, args) =>
        {
            var key = args.Get(0, "key", null);
            return key is not null && PyObjects.IsHashable(key) && key is not Undefined && dict.TryGetValue(key, out var value)
                ? value
                : args.Get(1, "default", null);
        }),
        "items" => new BuiltinFunction(name, (_, _) => Items(dict)),
        "keys" => new BuiltinFunction(name, (_, _) => dict.Keys.ToList()),
        "values" => new BuiltinFunction(name, (_, _) => dict.Values.ToList()),
        "copy" => new BuiltinFunction(name, (_, _) => Copy(dict)),
        "update" or "pop" or "popitem" or "setdefault" or "clear" => Unsafe(name, "dict"),
        _ => null,
    };

    public static List<object?> Items(PyDict dict)
    {
        var items = new List<object?>(dict.Count);
        foreach (var (key, value) in dict)
        {
            items.Add(new[] { key, value });
        }

        return items;
    }

    private static PyDict Copy(PyDict dict)
    {
        var copy = new PyDict(dict.Count);
        foreach (var (key, value) in dict)
        {
            copy[key] = value;
        }

        return copy;
    }

    public static BuiltinFunction Unsafe(string name, string type) => new(name, (_, _) =>
        throw JinjaRuntimeError.Security($"access to attribute '{name}' of '{type}' object is unsafe."));
}

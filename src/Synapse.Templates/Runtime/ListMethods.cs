namespace Synapse.Templates.Runtime;

/// <summary>List methods: the reading ones work, the mutating ones are refused (immutable sandbox).</summary>
internal static class ListMethods
{
    public static BuiltinFunction? Get(List<object?> list, string name) => name switch
    {
        "index" => new BuiltinFunction(name, (_, args) =>
        {
            var wanted = args.Get(0, "value", null);
            var at = list.FindIndex(item => PyObjects.PyEquals(item, wanted));
            return at >= 0 ? (long)at : throw JinjaRuntimeError.Value($"{PyObjects.Repr(wanted)} is not in list");
        }),
        "count" => new BuiltinFunction(name, (_, args) => (long)list.Count(item => PyObjects.PyEquals(item, args.Get(0, "value", null)))),
        "copy" => new BuiltinFunction(name, (_, _) => new List<object?>(list)),
        "append" or "extend" or "insert" or "pop" or "remove" or "clear" or "sort" or "reverse" => DictMethods.Unsafe(name, "list"),
        _ => null,
    };
}

namespace Synapse.Templates.Runtime;

/// <summary>Jinja's built-in tests (<c>x is defined</c>, <c>x is equalto y</c>, ...).</summary>
internal static class Tests
{
    public static IReadOnlyDictionary<string, TestFunction> All { get; } = new Dictionary<string, TestFunction>(StringComparer.Ordinal)
    {
        ["defined"] = (_, v, _) => v is not Undefined,
        ["undefined"] = (_, v, _) => v is Undefined,
        ["none"] = (_, v, _) => v is null,
        ["boolean"] = (_, v, _) => v is bool,
        ["true"] = (_, v, _) => v is true,
        ["false"] = (_, v, _) => v is false,
        ["integer"] = (_, v, _) => v is long,
        ["float"] = (_, v, _) => v is double,
        ["number"] = (_, v, _) => PyObjects.IsNumber(v),
        ["string"] = (_, v, _) => v is string or Markup,
        ["mapping"] = (_, v, _) => v is PyDict,
        ["sequence"] = (_, v, _) => v is string or List<object?> or object?[] or PyDict,
        ["iterable"] = (_, v, _) => PyObjects.IsIterable(v),
        ["callable"] = (_, v, _) => v is ICallable,
        ["odd"] = (_, v, _) => PyObjects.ToLong(v) % 2 != 0,
        ["even"] = (_, v, _) => PyObjects.ToLong(v) % 2 == 0,
        ["divisibleby"] = (_, v, a) => PyObjects.ToLong(v) % PyObjects.ToLong(a.Get(0, "num", 1L)) == 0,
        ["lower"] = (_, v, _) => v is string s && s == s.ToLowerInvariant(),
        ["upper"] = (_, v, _) => v is string s && s == s.ToUpperInvariant(),
        ["eq"] = Equal,
        ["equalto"] = Equal,
        ["=="] = Equal,
        ["ne"] = (c, v, a) => !Equal(c, v, a),
        ["!="] = (c, v, a) => !Equal(c, v, a),
        ["lt"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), "<") < 0,
        ["lessthan"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), "<") < 0,
        ["<"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), "<") < 0,
        ["le"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), "<=") <= 0,
        ["<="] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), "<=") <= 0,
        ["gt"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), ">") > 0,
        ["greaterthan"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), ">") > 0,
        [">"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), ">") > 0,
        ["ge"] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), ">=") >= 0,
        [">="] = (_, v, a) => PyObjects.Compare(v, a.Get(0, "other", null), ">=") >= 0,
        ["in"] = (_, v, a) => PyObjects.Contains(a.Get(0, "seq", null), v),
        ["sameas"] = (_, v, a) => SameAs(v, a.Get(0, "other", null)),
        ["escaped"] = (_, _, _) => false,
        ["filter"] = (_, v, _) => v is string name && Filters.All.ContainsKey(name),
        ["test"] = (_, v, _) => v is string name && (name is "filter" or "test" || name.Length > 0 && NameIsTest(name)),
    };

    private static bool NameIsTest(string name) => name is "defined" or "undefined" or "none" or "boolean" or "true" or "false"
        or "integer" or "float" or "number" or "string" or "mapping" or "sequence" or "iterable" or "callable" or "odd"
        or "even" or "divisibleby" or "lower" or "upper" or "eq" or "equalto" or "ne" or "lt" or "le" or "gt" or "ge"
        or "in" or "sameas" or "escaped";

    private static bool Equal(RenderContext context, object? value, CallArguments args) =>
        PyObjects.PyEquals(value, args.Get(0, "other", null));

    /// <summary>Python's <c>is</c>: identity, which for None/True/False and small values means equal and same type.</summary>
    private static bool SameAs(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (bool x, bool y) => x == y,
        (long x, long y) => x == y,
        (string x, string y) => ReferenceEquals(x, y) || x == y,
        _ => ReferenceEquals(a, b),
    };
}

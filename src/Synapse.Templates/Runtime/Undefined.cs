namespace Synapse.Templates.Runtime;

/// <summary>
/// Jinja's default <c>Undefined</c>: prints as nothing, is false, iterates as empty, and fails on anything else
/// (attribute, item, call, arithmetic) with the message Jinja gives.
/// </summary>
internal sealed class Undefined
{
    private readonly string? _hint;
    private readonly string? _name;
    private readonly object? _owner;
    private readonly bool _hasOwner;

    private Undefined(string? name, object? owner, bool hasOwner, string? hint)
    {
        _name = name;
        _owner = owner;
        _hasOwner = hasOwner;
        _hint = hint;
    }

    public static Undefined Instance { get; } = new(null, null, false, null);

    public static Undefined Named(string name) => new(name, null, false, null);

    public static Undefined Attribute(object? owner, string name) => new(name, owner, true, null);

    public static Undefined WithHint(string hint) => new(null, null, false, hint);

    public string Message =>
        _hint ?? (_name, _hasOwner) switch
        {
            (null, _) => "'undefined' value is undefined",
            (_, false) => $"'{_name}' is undefined",
            (_, true) => $"{PyObjects.TypeRepr(_owner)} has no attribute '{_name}'",
        };

    public JinjaRuntimeError Fail() => JinjaRuntimeError.Undefined(Message);
}

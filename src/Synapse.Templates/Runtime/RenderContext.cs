namespace Synapse.Templates.Runtime;

/// <summary>State of one render: the clock strftime_now reads, built-in globals and a guard on macro recursion.</summary>
internal sealed class RenderContext(TimeProvider clock, IReadOnlyDictionary<string, object?> builtins)
{
    /// <summary>Deep enough for any real template; shallow enough that runaway recursion fails cleanly instead of overflowing the stack.</summary>
    public const int MaxCallDepth = 200;

    public TimeProvider Clock { get; } = clock;

    public int CallDepth { get; set; }

    public object? Lookup(string name, Frame frame)
    {
        if (frame.TryGet(name, out var value))
        {
            return value;
        }

        return builtins.TryGetValue(name, out var builtin) ? builtin : Undefined.Named(name);
    }
}

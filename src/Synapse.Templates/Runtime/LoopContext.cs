namespace Synapse.Templates.Runtime;

/// <summary>The <c>loop</c> variable inside a for loop; in a <c>recursive</c> loop, <c>loop(children)</c> renders the body for them.</summary>
internal sealed class LoopContext(IReadOnlyList<object?> items, int depth = 1, Func<RenderContext, object?, int, string>? recurse = null) : ICallable
{
    private object? _lastChanged = Undefined.Instance;

    public int Index0 { get; set; }

    public int Index => Index0 + 1;

    public int Length => items.Count;

    public object? GetAttribute(string name) => name switch
    {
        "index" => (long)Index,
        "index0" => (long)Index0,
        "revindex" => (long)(Length - Index0),
        "revindex0" => (long)(Length - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == Length - 1,
        "length" => (long)Length,
        "depth" => (long)depth,
        "depth0" => (long)(depth - 1),
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.WithHint("there is no previous item"),
        "nextitem" => Index0 + 1 < Length ? items[Index0 + 1] : Undefined.WithHint("there is no next item"),
        "cycle" => new BuiltinFunction("cycle", (_, args) =>
            args.Positional.Count == 0
                ? throw JinjaRuntimeError.Type("no items for cycling given")
                : args.Positional[Index0 % args.Positional.Count]),
        "changed" => new BuiltinFunction("changed", (_, args) =>
        {
            object? current = args.Positional.Count == 1 ? args.Positional[0] : args.Positional.ToArray();
            if (PyObjects.PyEquals(current, _lastChanged))
            {
                return false;
            }

            _lastChanged = current;
            return true;
        }),
        _ => Undefined.Attribute(this, name),
    };

    public object? Call(RenderContext context, CallArguments arguments)
    {
        if (recurse is null)
        {
            throw JinjaRuntimeError.Type("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.");
        }

        if (arguments.Positional.Count != 1)
        {
            throw JinjaRuntimeError.Type("loop() takes exactly one argument: the items to loop over");
        }

        return recurse(context, arguments.Positional[0], depth + 1);
    }
}

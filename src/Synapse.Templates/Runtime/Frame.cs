namespace Synapse.Templates.Runtime;

/// <summary>
/// One scope: the template's top level, one loop iteration, one macro call. Assignments land in the innermost
/// frame, as Jinja's do (hence <c>namespace()</c> for values that must outlive a loop).
/// </summary>
internal sealed class Frame(Frame? parent)
{
    private Dictionary<string, object?>? _variables;

    public Frame? Parent { get; } = parent;

    public bool TryGet(string name, out object? value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame._variables is { } variables && variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public void Set(string name, object? value) =>
        (_variables ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;
}

using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary>Where <c>set</c> stores a value: a name, <c>ns.attribute</c>, or several names unpacked from a sequence.</summary>
internal sealed class Assignment(IReadOnlyList<string> names, Expression? namespaceTarget, string? attribute)
{
    public static Assignment Name(string name) => new([name], null, null);

    public static Assignment Tuple(IReadOnlyList<string> names) => new(names, null, null);

    public static Assignment NamespaceAttribute(Expression target, string attribute) => new([], target, attribute);

    public void Assign(RenderContext context, Frame frame, object? value)
    {
        if (namespaceTarget is not null)
        {
            if (namespaceTarget.Evaluate(context, frame) is not Namespace ns)
            {
                throw new JinjaRuntimeError("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
            }

            ns.Attributes[attribute!] = value;
            return;
        }

        if (names.Count == 1)
        {
            frame.Set(names[0], value);
            return;
        }

        var values = Unpack(value, names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            frame.Set(names[i], values[i]);
        }
    }

    public static IReadOnlyList<object?> Unpack(object? value, int count)
    {
        var items = PyObjects.Iterate(value);
        if (items.Count < count)
        {
            throw JinjaRuntimeError.Value($"not enough values to unpack (expected {count}, got {items.Count})");
        }

        if (items.Count > count)
        {
            throw JinjaRuntimeError.Value($"too many values to unpack (expected {count})");
        }

        return items;
    }
}

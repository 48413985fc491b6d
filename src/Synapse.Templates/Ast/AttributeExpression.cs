using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>target.name</c>: an attribute (method) first, then an item, as Jinja's getattr does.</summary>
internal sealed class AttributeExpression(int line, Expression target, string name) : Expression(line)
{
    public Expression Target { get; } = target;

    public string Name { get; } = name;

    public override object? Evaluate(RenderContext context, Frame frame) =>
        Members.GetAttribute(Target.Evaluate(context, frame), Name);
}

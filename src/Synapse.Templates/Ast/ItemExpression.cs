using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>target[key]</c>: an item first, then an attribute, as Jinja's getitem does.</summary>
internal sealed class ItemExpression(int line, Expression target, Expression key) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame) =>
        Members.GetItem(target.Evaluate(context, frame), key.Evaluate(context, frame));
}

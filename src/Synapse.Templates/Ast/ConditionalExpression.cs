using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>a if test else b</c>; without <c>else</c> a false test gives undefined.</summary>
internal sealed class ConditionalExpression(int line, Expression test, Expression then, Expression? otherwise) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame) =>
        PyObjects.Truthy(test.Evaluate(context, frame))
            ? then.Evaluate(context, frame)
            : otherwise is null ? Undefined.Instance : otherwise.Evaluate(context, frame);
}

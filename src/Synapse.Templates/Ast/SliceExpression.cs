using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>target[start:stop:step]</c> with Python's slice semantics.</summary>
internal sealed class SliceExpression(int line, Expression target, Expression? start, Expression? stop, Expression? step) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame)
    {
        var value = target.Evaluate(context, frame);
        return Members.Slice(
            value,
            start?.Evaluate(context, frame),
            stop?.Evaluate(context, frame),
            step?.Evaluate(context, frame));
    }
}

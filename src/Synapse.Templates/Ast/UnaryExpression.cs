using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class UnaryExpression(int line, string op, Expression operand) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame)
    {
        var value = operand.Evaluate(context, frame);
        return op switch
        {
            "not" => !PyObjects.Truthy(value),
            "-" => Operators.Negate(value),
            _ => Operators.Plus(value),
        };
    }
}

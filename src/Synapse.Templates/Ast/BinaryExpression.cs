using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary>Arithmetic and <c>~</c>; <c>and</c>/<c>or</c> short-circuit and return an operand, as Python's do.</summary>
internal sealed class BinaryExpression(int line, string op, Expression left, Expression right) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame)
    {
        var a = left.Evaluate(context, frame);
        switch (op)
        {
            case "and":
                return PyObjects.Truthy(a) ? right.Evaluate(context, frame) : a;
            case "or":
                return PyObjects.Truthy(a) ? a : right.Evaluate(context, frame);
        }

        var b = right.Evaluate(context, frame);
        return op switch
        {
            "+" => Operators.Add(a, b),
            "-" => Operators.Subtract(a, b),
            "*" => Operators.Multiply(a, b),
            "/" => Operators.Divide(a, b),
            "//" => Operators.FloorDivide(a, b),
            "%" => Operators.Modulo(a, b),
            "**" => Operators.Power(a, b),
            "~" => PyObjects.Str(a) + PyObjects.Str(b),
            _ => throw new InvalidOperationException($"unknown operator {op}"),
        };
    }
}

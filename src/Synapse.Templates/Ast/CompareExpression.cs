using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary>A comparison chain, <c>a &lt; b &lt;= c</c>, evaluated as Python does (each operand once, stop at the first false).</summary>
internal sealed class CompareExpression(int line, Expression first, IReadOnlyList<(string Op, Expression Operand)> rest) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame)
    {
        var left = first.Evaluate(context, frame);
        foreach (var (op, operand) in rest)
        {
            var right = operand.Evaluate(context, frame);
            var holds = op switch
            {
                "==" => PyObjects.PyEquals(left, right),
                "!=" => !PyObjects.PyEquals(left, right),
                "<" => PyObjects.Compare(left, right, op) < 0,
                "<=" => PyObjects.Compare(left, right, op) <= 0,
                ">" => PyObjects.Compare(left, right, op) > 0,
                ">=" => PyObjects.Compare(left, right, op) >= 0,
                "in" => PyObjects.Contains(right, left),
                "notin" => !PyObjects.Contains(right, left),
                _ => throw new InvalidOperationException($"unknown comparison {op}"),
            };
            if (!holds)
            {
                return false;
            }

            left = right;
        }

        return true;
    }
}

using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>input is [not] name(args)</c>.</summary>
internal sealed class TestExpression(
    int line, Expression input, TestFunction test, IReadOnlyList<Expression> arguments,
    IReadOnlyList<(string Name, Expression Value)> named, bool negated) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame)
    {
        var value = input.Evaluate(context, frame);
        var args = arguments.Count == 0 && named.Count == 0
            ? CallArguments.Empty
            : ArgumentList.Evaluate(context, frame, arguments, named, null, null);
        return test(context, value, args) != negated;
    }
}

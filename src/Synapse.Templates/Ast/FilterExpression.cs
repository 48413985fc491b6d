using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>input | name(args)</c>; the filter is resolved when parsing, so an unknown one is a syntax error.</summary>
internal sealed class FilterExpression(
    int line, Expression? input, string name, FilterFunction filter, IReadOnlyList<Expression> arguments,
    IReadOnlyList<(string Name, Expression Value)> named, Expression? starArguments, Expression? starNamed) : Expression(line)
{
    public string Name { get; } = name;

    public override object? Evaluate(RenderContext context, Frame frame) =>
        Apply(context, frame, input!.Evaluate(context, frame));

    public object? Apply(RenderContext context, Frame frame, object? value) =>
        filter(context, value, ArgumentList.Evaluate(context, frame, arguments, named, starArguments, starNamed));
}

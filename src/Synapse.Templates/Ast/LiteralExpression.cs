using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary>A constant. Sharing one instance across renders is safe: the sandbox forbids mutating values.</summary>
internal sealed class LiteralExpression(int line, object? value) : Expression(line)
{
    public object? Value { get; } = value;

    public override object? Evaluate(RenderContext context, Frame frame) => Value;
}

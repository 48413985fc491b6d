using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class NameExpression(int line, string name) : Expression(line)
{
    public string Name { get; } = name;

    public override object? Evaluate(RenderContext context, Frame frame) => context.Lookup(Name, frame);
}

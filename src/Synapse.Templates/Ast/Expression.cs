using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal abstract class Expression(int line)
{
    public int Line { get; } = line;

    public abstract object? Evaluate(RenderContext context, Frame frame);
}

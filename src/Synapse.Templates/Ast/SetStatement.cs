using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class SetStatement(int line, Assignment target, Expression value) : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output)
    {
        target.Assign(context, frame, value.Evaluate(context, frame));
        return Flow.Normal;
    }
}

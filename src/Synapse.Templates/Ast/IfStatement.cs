using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class IfStatement(int line, IReadOnlyList<(Expression Test, IReadOnlyList<Statement> Body)> branches, IReadOnlyList<Statement>? elseBody)
    : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output)
    {
        foreach (var (test, body) in branches)
        {
            if (PyObjects.Truthy(test.Evaluate(context, frame)))
            {
                return RenderAll(body, context, frame, output);
            }
        }

        return elseBody is null ? Flow.Normal : RenderAll(elseBody, context, frame, output);
    }
}

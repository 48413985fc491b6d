using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal abstract class Statement(int line)
{
    public int Line { get; } = line;

    public Flow Render(RenderContext context, Frame frame, StringBuilder output)
    {
        try
        {
            return RenderCore(context, frame, output);
        }
        catch (JinjaRuntimeError error) when (error.Line is null)
        {
            // The innermost statement knows the line; outer ones leave it alone.
            error.Line = Line;
            throw;
        }
    }

    protected abstract Flow RenderCore(RenderContext context, Frame frame, StringBuilder output);

    public static Flow RenderAll(IReadOnlyList<Statement> body, RenderContext context, Frame frame, StringBuilder output)
    {
        for (var i = 0; i < body.Count; i++)
        {
            var flow = body[i].Render(context, frame, output);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }
}

using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class MacroStatement(int line, string name, IReadOnlyList<MacroParameter> parameters, IReadOnlyList<Statement> body) : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output)
    {
        frame.Set(name, new Macro(name, parameters, body, frame));
        return Flow.Normal;
    }
}

using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>{% break %}</c> or <c>{% continue %}</c> (the loopcontrols extension Hugging Face enables).</summary>
internal sealed class LoopControlStatement(int line, Flow flow) : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output) => flow;
}

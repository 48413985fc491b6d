using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class TextStatement(int line, string text) : Statement(line)
{
    public string Text { get; } = text;

    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output)
    {
        output.Append(Text);
        return Flow.Normal;
    }
}

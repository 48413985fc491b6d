using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary>
/// A block rendered in place: SmolLM3's <c>{% generation %}</c> (Hugging Face's AssistantTracker marks the
/// assistant's tokens with it; the text is unchanged).
/// </summary>
internal sealed class ScopeStatement(int line, IReadOnlyList<Statement> body) : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output) =>
        RenderAll(body, context, frame, output);
}

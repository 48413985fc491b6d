using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>{% set name [| filters] %}body{% endset %}</c>: the rendered body, filtered, is the value.</summary>
internal sealed class SetBlockStatement(int line, Assignment target, IReadOnlyList<FilterExpression> filters, IReadOnlyList<Statement> body)
    : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output)
    {
        var captured = new StringBuilder();
        RenderAll(body, context, frame, captured);
        object? value = captured.ToString();
        foreach (var filter in filters)
        {
            value = filter.Apply(context, frame, value);
        }

        target.Assign(context, frame, value);
        return Flow.Normal;
    }
}

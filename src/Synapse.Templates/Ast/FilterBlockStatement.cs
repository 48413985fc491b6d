using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>{% filter upper %}body{% endfilter %}</c>.</summary>
internal sealed class FilterBlockStatement(int line, IReadOnlyList<FilterExpression> filters, IReadOnlyList<Statement> body) : Statement(line)
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

        output.Append(PyObjects.Str(value));
        return Flow.Normal;
    }
}

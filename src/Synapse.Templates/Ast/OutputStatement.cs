using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>{{ expression }}</c>: Python's str() of the value; undefined prints nothing.</summary>
internal sealed class OutputStatement(int line, Expression expression) : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output)
    {
        var value = expression.Evaluate(context, frame);
        if (value is string s)
        {
            output.Append(s);
        }
        else
        {
            output.Append(PyObjects.Str(value));
        }

        return Flow.Normal;
    }
}

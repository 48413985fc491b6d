using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>{% call(args) macro(...) %}body{% endcall %}</c>: the body becomes <c>caller</c> inside the macro.</summary>
internal sealed class CallBlockStatement(int line, CallExpression call, IReadOnlyList<MacroParameter> callerParameters, IReadOnlyList<Statement> body)
    : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output)
    {
        var caller = new Macro("caller", callerParameters, body, frame);
        output.Append(PyObjects.Str(call.Invoke(context, frame, caller)));
        return Flow.Normal;
    }
}

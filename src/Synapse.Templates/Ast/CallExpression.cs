using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class CallExpression(
    int line, Expression callee, IReadOnlyList<Expression> arguments, IReadOnlyList<(string Name, Expression Value)> named,
    Expression? starArguments, Expression? starNamed) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame) => Invoke(context, frame, null);

    /// <summary>Calls with an extra <c>caller</c> keyword (a call block's body) when given.</summary>
    public object? Invoke(RenderContext context, Frame frame, Macro? caller)
    {
        var target = callee.Evaluate(context, frame);
        var args = ArgumentList.Evaluate(context, frame, arguments, named, starArguments, starNamed);
        if (caller is not null)
        {
            ((Dictionary<string, object?>)args.Named)["caller"] = caller;
        }

        return target switch
        {
            ICallable callable => callable.Call(context, args),
            Undefined undefined => throw undefined.Fail(),
            _ => throw JinjaRuntimeError.Type($"'{PyObjects.TypeName(target)}' object is not callable"),
        };
    }
}

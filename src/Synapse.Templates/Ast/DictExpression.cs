using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal sealed class DictExpression(int line, IReadOnlyList<(Expression Key, Expression Value)> pairs) : Expression(line)
{
    public override object? Evaluate(RenderContext context, Frame frame)
    {
        var dict = new PyDict(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            var k = key.Evaluate(context, frame);
            if (k is null || !PyObjects.IsHashable(k) || k is Undefined)
            {
                throw JinjaRuntimeError.Type($"unhashable type: '{PyObjects.TypeName(k)}'");
            }

            dict[k] = value.Evaluate(context, frame);
        }

        return dict;
    }
}

using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

internal static class ArgumentList
{
    public static CallArguments Evaluate(
        RenderContext context, Frame frame, IReadOnlyList<Expression> arguments, IReadOnlyList<(string Name, Expression Value)> named,
        Expression? starArguments, Expression? starNamed)
    {
        var positional = new List<object?>(arguments.Count);
        foreach (var argument in arguments)
        {
            positional.Add(argument.Evaluate(context, frame));
        }

        if (starArguments is not null)
        {
            positional.AddRange(PyObjects.Iterate(starArguments.Evaluate(context, frame)));
        }

        var names = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in named)
        {
            names[name] = value.Evaluate(context, frame);
        }

        if (starNamed is not null)
        {
            if (starNamed.Evaluate(context, frame) is not PyDict dict)
            {
                throw JinjaRuntimeError.Type("argument after ** must be a mapping");
            }

            foreach (var (key, value) in dict)
            {
                names[PyObjects.Str(key)] = value;
            }
        }

        return new CallArguments(positional, names);
    }
}

using System.Text;
using Synapse.Templates.Ast;

namespace Synapse.Templates.Runtime;

/// <summary>
/// A macro closed over the frame it was defined in (so it can call itself and read the variables around it).
/// Calling it renders its body and returns the text.
/// </summary>
internal sealed class Macro(string name, IReadOnlyList<MacroParameter> parameters, IReadOnlyList<Statement> body, Frame closure) : ICallable
{
    public string Name { get; } = name;

    public object? Call(RenderContext context, CallArguments arguments)
    {
        if (++context.CallDepth > RenderContext.MaxCallDepth)
        {
            context.CallDepth--;
            throw new JinjaRuntimeError("RecursionError", $"maximum recursion depth exceeded in macro '{Name}'");
        }

        try
        {
            var frame = new Frame(closure);
            var extraNamed = new PyDict();
            foreach (var (key, value) in arguments.Named)
            {
                if (key == "caller")
                {
                    frame.Set("caller", value);
                }
                else if (!parameters.Any(p => p.Name == key))
                {
                    extraNamed[key] = value;
                }
            }

            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
                object? value;
                if (i < arguments.Positional.Count)
                {
                    value = arguments.Positional[i];
                }
                else if (arguments.Named.TryGetValue(parameter.Name, out var named))
                {
                    value = named;
                }
                else
                {
                    value = parameter.Default is { } fallback ? fallback.Evaluate(context, frame) : Undefined.Named(parameter.Name);
                }

                frame.Set(parameter.Name, value);
            }

            frame.Set("varargs", arguments.Positional.Count > parameters.Count
                ? arguments.Positional.GetRange(parameters.Count, arguments.Positional.Count - parameters.Count)
                : new List<object?>());
            frame.Set("kwargs", extraNamed);
            var output = new StringBuilder();
            Statement.RenderAll(body, context, frame, output);
            return output.ToString();
        }
        finally
        {
            context.CallDepth--;
        }
    }
}

namespace Synapse.Templates.Runtime;

/// <summary>A global function or bound method implemented in C#.</summary>
internal sealed class BuiltinFunction(string name, Func<RenderContext, CallArguments, object?> body) : ICallable
{
    public string Name { get; } = name;

    public object? Call(RenderContext context, CallArguments arguments) => body(context, arguments);
}

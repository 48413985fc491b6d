namespace Synapse.Templates.Runtime;

/// <summary>Anything a template can call: globals, macros, bound methods.</summary>
internal interface ICallable
{
    object? Call(RenderContext context, CallArguments arguments);
}

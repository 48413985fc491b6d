namespace Synapse.Templates.Runtime;

internal delegate bool TestFunction(RenderContext context, object? value, CallArguments arguments);

namespace Synapse.Templates.Runtime;

internal delegate object? FilterFunction(RenderContext context, object? value, CallArguments arguments);

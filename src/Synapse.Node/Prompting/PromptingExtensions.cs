using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Synapse.Node.Prompting;

public static class PromptingExtensions
{
    /// <summary>llama.cpp's template support as the renderer unless another one (the Jinja renderer) is registered.</summary>
    public static IServiceCollection AddSynapsePrompting(this IServiceCollection services)
    {
        services.TryAddSingleton<IPromptRenderer, LlamaChatTemplateRenderer>();
        services.AddSingleton<PromptTokenizer>();
        return services;
    }
}

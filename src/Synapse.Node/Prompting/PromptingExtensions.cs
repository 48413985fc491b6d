using Microsoft.Extensions.DependencyInjection;

namespace Synapse.Node.Prompting;

public static class PromptingExtensions
{
    /// <summary>The Jinja chat template renderer (the model's own template) and the prompt tokenizer.</summary>
    public static IServiceCollection AddSynapsePrompting(this IServiceCollection services)
    {
        services.AddSingleton<JinjaPromptRenderer>();
        services.AddSingleton<IPromptRenderer>(sp => sp.GetRequiredService<JinjaPromptRenderer>());
        services.AddHostedService<ChatTemplateStartup>();
        services.AddSingleton<PromptTokenizer>();
        return services;
    }
}

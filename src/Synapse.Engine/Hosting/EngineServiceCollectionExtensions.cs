using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Synapse.Engine.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the llama.cpp engine as the singleton <see cref="IInferenceEngine"/> and the hosted service that loads
    /// it in the background. Options come from <see cref="IOptions{EngineOptions}"/> (bind them from configuration)
    /// and are validated at start.
    /// </summary>
    public static IServiceCollection AddSynapseEngine(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EngineOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        // A host that downloads or converts models registers its own source (before or after this call).
        services.TryAddSingleton<IModelSource, ConfiguredModelSource>();
        services.TryAddSingleton<LlamaInferenceEngine>();
        services.TryAddSingleton<IInferenceEngine>(sp => sp.GetRequiredService<LlamaInferenceEngine>());
        // Once, even if called twice: two hosted services would load the same engine twice.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EngineHostedService>());
        return services;
    }

    public static IServiceCollection AddSynapseEngine(this IServiceCollection services, Action<EngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return services.AddSynapseEngine();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Synapse.Engine.Simulation;

public static class SimulationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the simulated engine (tests and benchmarks only) as the singleton <see cref="IInferenceEngine"/>,
    /// with the hosted service that runs its load phase. Slots, queue and context come from <c>EngineOptions</c>.
    /// </summary>
    public static IServiceCollection AddSimulatedEngine(this IServiceCollection services, Action<SimulationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.AddOptions<Hosting.EngineOptions>();
        services.TryAddSingleton<SimulatedInferenceEngine>();
        services.TryAddSingleton<IInferenceEngine>(sp => sp.GetRequiredService<SimulatedInferenceEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SimulatedEngineHostedService>());
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Health;

namespace Synapse.Node.Health;

public static class NodeHealthExtensions
{
    /// <summary>/health answers while the process lives; /health/ready once the model is loaded and until shutdown begins.</summary>
    public static IServiceCollection AddSynapseNodeHealth(this IServiceCollection services)
    {
        services.AddSynapseHealth().AddCheck<NodeReadinessCheck>("node", tags: [SynapseHealthChecks.ReadyTag]);
        return services;
    }
}

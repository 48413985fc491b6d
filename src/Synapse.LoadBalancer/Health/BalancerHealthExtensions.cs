using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Health;

namespace Synapse.LoadBalancer.Health;

public static class BalancerHealthExtensions
{
    /// <summary>/health answers while the process lives; /health/ready while at least one node is routable.</summary>
    public static IServiceCollection AddSynapseBalancerHealth(this IServiceCollection services)
    {
        services.AddSynapseHealth().AddCheck<BalancerReadinessCheck>("nodes", tags: [SynapseHealthChecks.ReadyTag]);
        return services;
    }
}

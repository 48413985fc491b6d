using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Telemetry;

namespace Synapse.Node.Metrics;

public static class MetricsEndpoints
{
    public static IServiceCollection AddSynapseMetrics(this IServiceCollection services)
    {
        services.AddSingleton<NodeMetrics>();
        return services;
    }

    /// <summary>Prometheus text on <c>/metrics</c>, open like <c>/health</c>.</summary>
    public static IEndpointRouteBuilder MapSynapseMetrics(this IEndpointRouteBuilder endpoints)
    {
        // The observable instruments exist once NodeMetrics does: make sure the first scrape already sees them.
        endpoints.ServiceProvider.GetRequiredService<NodeMetrics>();
        endpoints.MapSynapsePrometheus().ExcludeFromDescription();
        return endpoints;
    }
}

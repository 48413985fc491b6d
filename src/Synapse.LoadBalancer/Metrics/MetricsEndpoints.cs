using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Telemetry;

namespace Synapse.LoadBalancer.Metrics;

public static class MetricsEndpoints
{
    /// <summary>Prometheus text on <c>/metrics</c>, open like <c>/health</c>.</summary>
    public static IEndpointRouteBuilder MapBalancerMetrics(this IEndpointRouteBuilder endpoints)
    {
        // The node gauges exist once BalancerMetrics does: make sure the first scrape already sees them.
        endpoints.ServiceProvider.GetRequiredService<BalancerMetrics>();
        endpoints.MapSynapsePrometheus();
        return endpoints;
    }
}

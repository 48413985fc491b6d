using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Metrics;

public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapBalancerMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (BalancerMetrics metrics, NodePool pool) =>
        {
            var output = new StringBuilder(4096);
            metrics.WriteTo(output, pool);
            return Results.Text(output.ToString(), ContentType, Encoding.UTF8);
        });
        return endpoints;
    }
}

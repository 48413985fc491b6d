using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Engine;
using Synapse.Node.Hosting;

namespace Synapse.Node.Metrics;

public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IServiceCollection AddSynapseMetrics(this IServiceCollection services)
    {
        services.AddSingleton<NodeMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapSynapseMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (HttpContext context, NodeMetrics metrics, IInferenceEngine engine, NodeState state) =>
        {
            var output = new StringBuilder(8192);
            metrics.WriteTo(output, engine, state);
            return Results.Text(output.ToString(), ContentType, Encoding.UTF8);
        }).ExcludeFromDescription();
        return endpoints;
    }
}

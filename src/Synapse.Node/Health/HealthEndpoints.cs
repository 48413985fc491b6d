using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.Engine;
using Synapse.Node.Hosting;

namespace Synapse.Node.Health;

/// <summary>
/// Liveness and readiness. Both read flags only, never the inference loop, so they answer at once however busy
/// the node is.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapSynapseHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", () => Results.Json(new HealthStatus("ok", null), HealthJsonContext.Default.HealthStatus));

        endpoints.MapGet("/health/ready", (IInferenceEngine engine, NodeState state) =>
        {
            if (state.IsDraining)
            {
                return Results.Json(new HealthStatus("draining", "The node is shutting down and admits no new requests."),
                    HealthJsonContext.Default.HealthStatus, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (!engine.IsReady)
            {
                return Results.Json(new HealthStatus("loading", state.LoadingDetail ?? "The model is loading or warming up."),
                    HealthJsonContext.Default.HealthStatus, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Json(new HealthStatus("ok", null), HealthJsonContext.Default.HealthStatus);
        });
        return endpoints;
    }
}

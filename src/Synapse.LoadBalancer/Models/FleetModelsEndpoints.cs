using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.LoadBalancer.Nodes;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Models;
using Synapse.OpenAI.Serialization;

namespace Synapse.LoadBalancer.Models;

/// <summary><c>GET /v1/models</c> answered by the balancer: the union of the healthy nodes' models.</summary>
public static class FleetModelsEndpoints
{
    public static IEndpointRouteBuilder MapFleetModels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", (NodePool pool) =>
            Results.Json(new ModelList { Data = Union(pool) }, OpenAIJson.TypeInfo<ModelList>()));

        // Ids may hold slashes ("org/name"), hence the catch-all.
        endpoints.MapGet("/v1/models/{**id}", (string id, NodePool pool) =>
        {
            var models = Union(pool);
            var model = models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));
            return model is not null
                ? Results.Json(model, OpenAIJson.TypeInfo<Model>())
                : Results.Json(ApiError.ModelNotFound(id, models.Select(m => m.Id)).ToResponse(), OpenAIJson.TypeInfo<ErrorResponse>(), statusCode: 404);
        });
        return endpoints;
    }

    public static List<Model> Union(NodePool pool) =>
        pool.Snapshot.Where(n => n.IsRoutable).SelectMany(n => n.Models).DistinctBy(m => m.Id, StringComparer.Ordinal).ToList();
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Models;
using Synapse.OpenAI.Serialization;

namespace Synapse.Node.Models;

public static class ModelsEndpoints
{
    public static IEndpointRouteBuilder MapSynapseModels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", (ServedModels models) =>
            Results.Json(models.List(), OpenAIJson.TypeInfo<ModelList>()));

        // Ids may hold slashes (a path, or "org/name" aliases), hence the catch-all.
        endpoints.MapGet("/v1/models/{**id}", (string id, ServedModels models) =>
            models.Find(id) is { } model
                ? Results.Json(model, OpenAIJson.TypeInfo<Model>())
                : throw ApiError.ModelNotFound(id, models.Ids));
        return endpoints;
    }
}

using Microsoft.AspNetCore.Http;
using Synapse.LoadBalancer.Errors;
using Synapse.LoadBalancer.Routing;
using Synapse.OpenAI.Errors;
using Synapse.OpenAI.Responses;

namespace Synapse.LoadBalancer.Responses;

/// <summary>
/// A Responses request that names a stored response: <c>POST /v1/responses</c> with a <c>previous_response_id</c>,
/// or <c>GET</c>/<c>DELETE /v1/responses/{id}</c> and its sub-paths (<c>/input_items</c>). Only the node that stored
/// the response can answer it, so when the id carries a route tag the request goes to that node and no other.
/// </summary>
public sealed record ResponseTarget(string ResponseId, string RouteTag, bool IsContinuation)
{
    public const string PreviousResponseIdParam = "previous_response_id";

    /// <summary>Where Responses requests go; the balancer sets <see cref="ResponseIds.RouteTagHeader"/> on these.</summary>
    public static bool IsResponsesPath(PathString path) =>
        path.StartsWithSegments("/v1/responses", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The response a request names, when its id carries a route tag; null for any other request, and for ids
    /// without a tag (made on a node directly), which are forwarded like any request.
    /// </summary>
    public static ResponseTarget? Find(HttpRequest request, byte[]? body)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Path.StartsWithSegments("/v1/responses", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return null;
        }

        string? id;
        bool continuation;
        if (!rest.HasValue || rest.Value == "/")
        {
            if (!HttpMethods.IsPost(request.Method) || body is null)
            {
                return null;
            }

            id = RequestModel.ReadString(body, "previous_response_id"u8);
            continuation = true;
        }
        else
        {
            var segment = rest.Value!.AsSpan(1);
            var end = segment.IndexOf('/');
            id = (end < 0 ? segment : segment[..end]).ToString();
            continuation = false;
        }

        return id is not null && ResponseIds.TryGetRouteTag(id, out var tag) ? new ResponseTarget(id, tag, continuation) : null;
    }

    /// <summary>404 in OpenAI's envelope: no node of the fleet has the id's tag (the node that stored it was removed).</summary>
    public ApiError NotFound() => IsContinuation
        ? new ApiError(404, $"Previous response with id '{ResponseId}' not found.", ErrorTypes.InvalidRequest, PreviousResponseIdParam, BalancerErrors.PreviousResponseNotFoundCode)
        : new ApiError(404, $"No response found with id '{ResponseId}'.", ErrorTypes.InvalidRequest, null, null);

    /// <summary>503: the node that stored the response is in the fleet but cannot take requests now (loading, restarting, failing its checks).</summary>
    public ApiError NodeUnavailable(string nodeId, string health) => new(503,
        $"The node {nodeId} that stored response '{ResponseId}' is {health} right now, and only it holds that response. Please retry your request after a brief wait.",
        ErrorTypes.Server, null, BalancerErrors.NoHealthyNodeCode) { RetryAfterSeconds = 1 };
}

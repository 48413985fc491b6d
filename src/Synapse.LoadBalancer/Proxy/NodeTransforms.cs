using System.Net;
using System.Net.Http.Headers;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Responses;
using Synapse.OpenAI.Responses;
using Synapse.LoadBalancer.Routing;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// YARP transforms on top of its default header copying: the node key in place of the client's, the chosen node's
/// route tag on Responses requests (<see cref="ResponseIds.RouteTagHeader"/>), the <c>X-Synapse-Node</c> header, the
/// SSE guard on streams, and dropping a 503 answer when another node can take the request instead (FailoverMiddleware
/// then sends it there); and a node that answered a request with success has its prefix tree take the request's text
/// (<see cref="PrefixPolicy.Served"/>).
/// </summary>
public sealed class NodeTransforms(BalancerOptions options, NodePool pool, PrefixPolicy prefix) : ITransformProvider
{
    public const string NodeHeaderName = "X-Synapse-Node";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (options.NodeApiKey is { } key)
        {
            var authorization = new AuthenticationHeaderValue("Bearer", key);
            context.AddRequestTransform(transform =>
            {
                transform.ProxyRequest.Headers.Authorization = authorization;
                return ValueTask.CompletedTask;
            });
        }

        context.AddRequestTransform(SetRouteTag);
        context.AddResponseTransform(TransformResponse);
    }

    /// <summary>
    /// The chosen node's route tag on Responses requests, so the ids it makes lead back to it; a client's own
    /// <see cref="ResponseIds.RouteTagHeader"/> is dropped from every request, so no client can steer where ids point.
    /// </summary>
    private ValueTask SetRouteTag(RequestTransformContext transform)
    {
        RequestTransform.RemoveHeader(transform, ResponseIds.RouteTagHeader);
        var http = transform.HttpContext;
        if (ResponseTarget.IsResponsesPath(http.Request.Path)
            && http.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>()?.ProxiedDestination is { } destination
            && pool.Find(destination.DestinationId) is { } node)
        {
            RequestTransform.AddHeader(transform, ResponseIds.RouteTagHeader, node.RouteTag);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask TransformResponse(ResponseTransformContext transform)
    {
        if (transform.ProxyResponse is not { } response)
        {
            return ValueTask.CompletedTask;
        }

        var http = transform.HttpContext;
        var nodeId = http.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>()?.ProxiedDestination?.DestinationId ?? "";
        var attempt = http.Features.Get<ProxyAttempt>();
        if (attempt is not null)
        {
            attempt.NodeId = nodeId;
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt.MayRetryOverload)
            {
                attempt.OverloadRetry = true;
                transform.SuppressResponseBody = true;
                return ValueTask.CompletedTask;
            }
        }

        if ((int)response.StatusCode is >= 200 and < 300)
        {
            prefix.Served(nodeId, http.Features.Get<RoutingRequest>()?.Text);
        }

        if (options.NodeHeader)
        {
            http.Response.Headers[NodeHeaderName] = nodeId;
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            response.Content = new SseGuardContent(response.Content, attempt ?? new ProxyAttempt(false) { NodeId = nodeId });
        }

        return ValueTask.CompletedTask;
    }
}

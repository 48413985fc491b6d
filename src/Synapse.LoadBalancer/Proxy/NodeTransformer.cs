using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// YARP's default header copying plus the balancer's own: the node key in place of the client's, the
/// <c>X-Synapse-Node</c> header, the SSE guard on streams, and dropping a 503 answer when another node can take
/// the request instead.
/// </summary>
public sealed class NodeTransformer(ProxyAttempt attempt, string? nodeApiKey, bool nodeHeader) : HttpTransformer
{
    public const string NodeHeaderName = "X-Synapse-Node";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        if (nodeApiKey is not null)
        {
            proxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", nodeApiKey);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (proxyResponse is not null && proxyResponse.StatusCode == HttpStatusCode.ServiceUnavailable && attempt.MayRetryOverload)
        {
            attempt.OverloadRetry = true;
            return false;
        }

        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (proxyResponse is null)
        {
            return copy;
        }

        if (nodeHeader)
        {
            httpContext.Response.Headers[NodeHeaderName] = attempt.Node.Id;
        }

        if (proxyResponse.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            proxyResponse.Content = new SseGuardContent(proxyResponse.Content, attempt);
        }

        return copy;
    }
}

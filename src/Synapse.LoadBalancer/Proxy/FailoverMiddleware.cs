using Synapse.Hosting.Errors;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Errors;
using Synapse.LoadBalancer.Metrics;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Responses;
using Synapse.LoadBalancer.Routing;
using Synapse.OpenAI.Errors;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// The first step of YARP's proxy pipeline, for what YARP lacks: it holds the request body so it can be sent
/// again, narrows YARP's available destinations to the nodes that may take the request (model, drain, not tried
/// yet; 404/503 in OpenAI's envelope when none may; one node when the request has a session with affinity on), sets
/// what the request is routed by (<see cref="RoutingRequest"/>) for the policy, and runs the rest of the pipeline (session affinity, load
/// balancing, passive health, forwarder) again on another node when the chosen one failed before sending a
/// response byte (refused, reset, died before answering, or 503 while another node is free), up to SYNAPSE_RETRIES
/// times, while the client is still there. It also keeps the per-node statistics and the Prometheus counters.
/// </summary>
public sealed partial class FailoverMiddleware(NodePool pool, NodeSelector selector, BalancerOptions options, BalancerMetrics metrics,
    ILogger<FailoverMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var started = Stopwatch.GetTimestamp();
        var proxy = context.Features.Get<IReverseProxyFeature>() ?? throw new InvalidOperationException("Not in YARP's proxy pipeline.");
        var (body, tooLarge) = await RequestBodyBuffer.ReadAsync(context.Request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (tooLarge)
        {
            await Answer(context, ApiError.RequestTooLarge(options.MaxBodyBytes)).ConfigureAwait(false);
            return;
        }

        var routing = selector.Read(body, context.Request.Headers[RoutingRequest.SessionHeader]);
        var model = routing.Model;
        context.Features.Set(routing);
        // A request naming a stored response goes to the node that stored it and no other: elsewhere it would be
        // a 404 at best, or a conversation silently started afresh.
        var target = ResponseTarget.Find(context.Request, body);
        BackendNode? pinned = null;
        if (target is not null)
        {
            pinned = pool.FindByRouteTag(target.RouteTag);
            if (pinned is null)
            {
                await Answer(context, target.NotFound()).ConfigureAwait(false);
                return;
            }
        }

        var available = proxy.AvailableDestinations;
        var tried = new List<string>();
        var lastReason = "";
        // While every node tried so far refused the connection, the fleet is down rather than failing: the client
        // gets 503 no_healthy_node with Retry-After, as when health checks already saw them go.
        var allUnreachable = true;
        while (true)
        {
            var candidates = pinned is null ? selector.Candidates(available, model, tried) : NodeSelector.Pinned(available, pinned, tried);
            if (candidates.Count == 0)
            {
                var none = tried.Count > 0 ? Failed(tried.Count, lastReason, allUnreachable)
                    : pinned is null ? selector.NoCandidate(model)
                    : target!.NodeUnavailable(pinned.Id, pinned.HealthName);
                await Answer(context, none).ConfigureAwait(false);
                return;
            }

            var mayRetry = tried.Count < options.Retries;
            var attempt = new ProxyAttempt(mayRetryOverload: mayRetry && candidates.Count > 1);
            context.Features.Set(attempt);
            proxy.AvailableDestinations = selector.Narrow(candidates, routing);
            proxy.ProxiedDestination = null;
            if (body is not null)
            {
                context.Request.Body = new MemoryStream(body, writable: false);
            }

            var attemptStarted = Stopwatch.GetTimestamp();
            await next().ConfigureAwait(false);

            var error = context.Features.Get<IForwarderErrorFeature>();
            var forwarderError = error?.Error ?? ForwarderError.None;
            if (proxy.ProxiedDestination is not { } destination)
            {
                // YARP's pipeline answered without forwarding (no destination after load balancing).
                await Answer(context, BalancerErrors.NoHealthyNode()).ConfigureAwait(false);
                return;
            }

            var nodeId = destination.DestinationId;
            var node = pool.Find(nodeId);
            var status = context.Response.StatusCode;
            var clientGone = !attempt.NodeLost && ForwarderErrors.ClientWentAway(context, forwarderError);
            var nodeBroke = !clientGone && (forwarderError != ForwarderError.None || attempt.StreamFailure is not null || status is 500 or 502 or 504);
            node?.RecordRequest(nodeBroke, Stopwatch.GetElapsedTime(attemptStarted).TotalMilliseconds);

            if (forwarderError == ForwarderError.None)
            {
                if (attempt.OverloadRetry && !context.Response.HasStarted)
                {
                    context.Response.Clear();
                    tried.Add(nodeId);
                    lastReason = $"{nodeId} answered 503";
                    allUnreachable = false;
                    metrics.Retries.Increment(nodeId);
                    LogRetry(nodeId, "answered 503 (busy, loading or draining)");
                    continue;
                }

                Finish(context, nodeId, tried, started, attempt);
                return;
            }

            if (clientGone)
            {
                // The client went away; YARP has cancelled the node's request with it.
                metrics.Requests.Increment(nodeId, "499");
                return;
            }

            var reason = attempt.NodeLost ? "lost: its health checks get no answer" : ForwarderErrors.Describe(forwarderError, error?.Exception);
            if (forwarderError == ForwarderError.RequestTimedOut && !ForwarderErrors.IsConnectTimeout(error?.Exception))
            {
                // A silent node may still be working: sending the request elsewhere too would only add load.
                await Answer(context, BalancerErrors.NodeTimedOut(nodeId, options.RequestTimeout), nodeId).ConfigureAwait(false);
                return;
            }

            if (context.Response.HasStarted)
            {
                // Bytes already reached the client (a non-SSE body cut short): YARP has aborted the connection.
                metrics.Requests.Increment(nodeId, "aborted");
                return;
            }

            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            tried.Add(nodeId);
            lastReason = $"{nodeId}: {reason}";
            allUnreachable &= ForwarderErrors.NodeUnreachable(forwarderError, error?.Exception);
            if (!mayRetry)
            {
                await Answer(context, Failed(tried.Count, lastReason, allUnreachable), nodeId).ConfigureAwait(false);
                return;
            }

            metrics.Retries.Increment(nodeId);
            LogRetry(nodeId, reason);
        }
    }

    /// <summary>
    /// Runs after YARP's load balancing has picked the node: the try is cancelled if that node is lost meanwhile
    /// (<see cref="BackendNode.Lost"/>), and <see cref="ProxyAttempt.NodeLost"/> tells <see cref="InvokeAsync"/> so.
    /// </summary>
    public async Task WatchNodeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.Features.Get<IReverseProxyFeature>();
        var attempt = context.Features.Get<ProxyAttempt>();
        if (proxy?.AvailableDestinations is not [var destination] || attempt is null || pool.Find(destination.DestinationId) is not { } node)
        {
            await next().ConfigureAwait(false);
            return;
        }

        var clientAborted = context.RequestAborted;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, node.Lost);
        // YARP's forwarder cancels the node's request with the context's token, read when it starts.
        context.RequestAborted = linked.Token;
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            context.RequestAborted = clientAborted;
            attempt.NodeLost = linked.IsCancellationRequested && !clientAborted.IsCancellationRequested;
        }
    }

    private void Finish(HttpContext context, string nodeId, List<string> tried, long started, ProxyAttempt attempt)
    {
        if (attempt.StreamFailure is { } failure)
        {
            metrics.StreamFailures.Increment(nodeId);
            LogStreamFailed(nodeId, failure.Message);
        }

        metrics.Requests.Increment(nodeId, context.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
        metrics.ProxyLatency.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (tried.Count > 0)
        {
            metrics.Failovers.Increment(nodeId);
            LogFailover(nodeId, tried.Count);
        }
    }

    private static ApiError Failed(int attempts, string lastReason, bool allUnreachable) =>
        allUnreachable ? BalancerErrors.NoHealthyNode() : BalancerErrors.NodesFailed(attempts, lastReason);

    private async Task Answer(HttpContext context, ApiError error, string node = "none")
    {
        metrics.Requests.Increment(node, error.StatusCode.ToString(CultureInfo.InvariantCulture));
        await OpenAIErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request failed on node {NodeId} before any answer ({Reason}); trying another node")]
    private partial void LogRetry(string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request served by node {NodeId} after {Failed} failed node(s)")]
    private partial void LogFailover(string nodeId, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream on node {NodeId} failed mid-way ({Reason}); ended it with an error event")]
    private partial void LogStreamFailed(string nodeId, string reason);
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Errors;
using Synapse.LoadBalancer.Metrics;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Routing;
using Synapse.OpenAI.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// Forwards one client request through YARP's forwarder: picks a node, and when that node fails before sending
/// a response byte (refused, reset, died before answering, or 503 while another node is free) sends the buffered
/// body to another node, up to SYNAPSE_RETRIES times, while the client is still there.
/// </summary>
public sealed partial class ProxyHandler(IHttpForwarder forwarder, NodeClients clients, NodePool pool, NodeSelector selector,
    BalancerOptions options, BalancerMetrics metrics, ILogger<ProxyHandler> logger)
{
    private readonly ForwarderRequestConfig _requestConfig = new()
    {
        // YARP's default of 100 s would cut a long prompt or a long non-streaming generation.
        ActivityTimeout = options.RequestTimeout,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        AllowResponseBuffering = false,
    };

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var aborted = context.RequestAborted;
        var (body, tooLarge) = await RequestBodyBuffer.ReadAsync(context.Request, options.MaxBodyBytes, aborted).ConfigureAwait(false);
        if (tooLarge)
        {
            await Answer(context, ApiError.RequestTooLarge(options.MaxBodyBytes)).ConfigureAwait(false);
            return;
        }

        var model = body is null ? null : RequestModel.Read(body);
        var tried = new List<BackendNode>();
        var lastReason = "";
        while (true)
        {
            var candidates = selector.Candidates(model, tried);
            if (candidates.Count == 0)
            {
                await Answer(context, tried.Count == 0 ? selector.NoCandidate(model) : BalancerErrors.NodesFailed(tried.Count, lastReason)).ConfigureAwait(false);
                return;
            }

            var node = selector.Pick(candidates);
            var mayRetry = tried.Count < options.Retries;
            var attempt = new ProxyAttempt(node, mayRetryOverload: mayRetry && candidates.Count > 1);
            var transformer = new NodeTransformer(attempt, options.NodeApiKey, options.NodeHeader);
            if (body is not null)
            {
                context.Request.Body = new MemoryStream(body, writable: false);
            }

            var attemptStarted = Stopwatch.GetTimestamp();
            node.BeginRequest();
            ForwarderError error;
            try
            {
                error = await forwarder.SendAsync(context, node.Prefix, clients.Forwarder, _requestConfig, transformer, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                node.EndRequest(failed: true, 0);
                throw;
            }

            var status = context.Response.StatusCode;
            var clientGone = aborted.IsCancellationRequested || error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
                or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient or ForwarderError.ResponseBodyCanceled;
            var nodeBroke = !clientGone && (error != ForwarderError.None || attempt.StreamFailure is not null || status is 500 or 502 or 504);
            node.EndRequest(nodeBroke, Stopwatch.GetElapsedTime(attemptStarted).TotalMilliseconds);

            if (error == ForwarderError.None)
            {
                if (attempt.OverloadRetry && !context.Response.HasStarted)
                {
                    context.Response.Clear();
                    tried.Add(node);
                    lastReason = $"{node.Id} answered 503";
                    metrics.Retries.Increment(node.Id);
                    LogRetry(node.Id, "answered 503 (busy, loading or draining)");
                    continue;
                }

                Finish(context, node, tried, started, attempt);
                return;
            }

            if (clientGone)
            {
                // The client went away; YARP has cancelled the node's request with it.
                metrics.Requests.Increment(node.Id, "499");
                return;
            }

            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            var reason = Describe(error, exception);
            if (error == ForwarderError.RequestTimedOut && !IsConnectTimeout(exception))
            {
                // A silent node may still be working: sending the request elsewhere too would only add load.
                await Answer(context, BalancerErrors.NodeTimedOut(node.Id, options.RequestTimeout), node.Id).ConfigureAwait(false);
                return;
            }

            pool.Record(node.ReportTransportFailure(reason));
            if (context.Response.HasStarted)
            {
                // Bytes already reached the client (a non-SSE body cut short): YARP has aborted the connection.
                metrics.Requests.Increment(node.Id, "aborted");
                return;
            }

            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            tried.Add(node);
            lastReason = $"{node.Id}: {reason}";
            if (!mayRetry)
            {
                await Answer(context, BalancerErrors.NodesFailed(tried.Count, lastReason), node.Id).ConfigureAwait(false);
                return;
            }

            metrics.Retries.Increment(node.Id);
            LogRetry(node.Id, reason);
        }
    }

    private void Finish(HttpContext context, BackendNode node, List<BackendNode> tried, long started, ProxyAttempt attempt)
    {
        var status = context.Response.StatusCode;
        if (attempt.StreamFailure is { } failure)
        {
            metrics.StreamFailures.Increment(node.Id);
            pool.Record(node.ReportTransportFailure("stream cut: " + failure.Message));
            LogStreamFailed(node.Id, failure.Message);
        }
        else if (status is 500 or 502 or 504)
        {
            pool.Record(node.ReportServerError(status, options.UnhealthyThreshold));
        }
        else
        {
            node.ReportSuccess();
        }

        metrics.Requests.Increment(node.Id, status.ToString(CultureInfo.InvariantCulture));
        metrics.ProxyLatency.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (tried.Count > 0)
        {
            metrics.Failovers.Increment(node.Id);
            LogFailover(node.Id, tried.Count);
        }
    }

    private async Task Answer(HttpContext context, ApiError error, string node = "none")
    {
        metrics.Requests.Increment(node, error.StatusCode.ToString(CultureInfo.InvariantCulture));
        await ErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
    }

    /// <summary>
    /// YARP reports a connection that could not be opened within SYNAPSE_CONNECT_TIMEOUT as a timeout too; unlike a
    /// silent node, such a node never saw the request, so it is retried elsewhere.
    /// </summary>
    internal static bool IsConnectTimeout(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(ForwarderError error, Exception? exception)
    {
        var inner = exception;
        while (inner?.InnerException is not null && inner is not System.Net.Sockets.SocketException)
        {
            inner = inner.InnerException;
        }

        return inner is null ? error.ToString() : $"{error}: {inner.Message}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request failed on node {NodeId} before any answer ({Reason}); trying another node")]
    private partial void LogRetry(string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request served by node {NodeId} after {Failed} failed node(s)")]
    private partial void LogFailover(string nodeId, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream on node {NodeId} failed mid-way ({Reason}); ended it with an error event")]
    private partial void LogStreamFailed(string nodeId, string reason);
}

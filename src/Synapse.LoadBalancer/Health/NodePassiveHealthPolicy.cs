using Microsoft.AspNetCore.Http;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Proxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Health;

/// <summary>
/// YARP's passive check for a node, after each proxied try: a connection that fails (refused, reset, the node
/// dying before it answered or mid-stream) takes the node out at once; 500, 502 and 504 take it out after
/// SYNAPSE_HEALTH_UNHEALTHY_THRESHOLD in a row. A 503 (queue full, loading, draining), a 4xx, a client going
/// away and a node that is merely slow (silent past SYNAPSE_REQUEST_TIMEOUT: it may still be working) say nothing
/// bad about the node. YARP's transport-failure-rate policy counts every 5xx and every timeout, hence this one.
/// The node comes back when it passes an active check (NodeActiveHealthPolicy) or after the reactivation period.
/// </summary>
public sealed class NodePassiveHealthPolicy(NodePool pool, IDestinationHealthUpdater updater, BalancerOptions options) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "SynapseNodeFailures";

    public string Name => PolicyName;

    /// <summary>Long enough for two active checks to have run: one of them brings a recovered node back sooner.</summary>
    public static TimeSpan ReactivationPeriod(BalancerOptions options) => options.HealthInterval * 2 + options.HealthTimeout;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var node = pool.Find(destination.DestinationId);
        if (node is null)
        {
            return;
        }

        var before = node.Health;
        var error = context.Features.Get<IForwarderErrorFeature>();
        var streamFailure = context.Features.Get<ProxyAttempt>()?.StreamFailure;
        string reason;
        if (error is { Error: not ForwarderError.None } failure)
        {
            // A client that went away fails the forward too; only the node's own failures count. (An answer the
            // node completed, 500 included, counts even when the client has gone by now.)
            if (ForwarderErrors.ClientWentAway(context, failure.Error)
                || (failure.Error == ForwarderError.RequestTimedOut && !ForwarderErrors.IsConnectTimeout(failure.Exception)))
            {
                return;
            }

            node.ReportTransportFailure();
            reason = "request failed: " + ForwarderErrors.Describe(failure.Error, failure.Exception);
        }
        else if (streamFailure is not null)
        {
            node.ReportTransportFailure();
            reason = "request failed: stream cut: " + streamFailure.Message;
        }
        else if (context.Response.StatusCode is 500 or 502 or 504 && before == NodeHealth.Healthy)
        {
            if (!node.ReportServerError(options.UnhealthyThreshold))
            {
                return;
            }

            reason = $"{options.UnhealthyThreshold} consecutive failures, last answered {context.Response.StatusCode}";
        }
        else
        {
            if (context.Response.StatusCode < 500)
            {
                node.ReportSuccess();
            }

            return;
        }

        updater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, ReactivationPeriod(options));
        var after = node.Health;
        if (after != before)
        {
            pool.Record(new HealthChange(node, before, after, reason));
        }
    }
}

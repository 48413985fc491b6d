using System.Globalization;
using System.Text;
using Synapse.LoadBalancer.Nodes;
using Synapse.Node.Metrics;

namespace Synapse.LoadBalancer.Metrics;

/// <summary>The balancer's Prometheus series; node gauges are read from the pool at scrape time.</summary>
public sealed class BalancerMetrics
{
    private static readonly double[] LatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>Proxied requests by node and final status (node "none" for requests no node could take).</summary>
    public LabeledCounter Requests { get; } = new("synapse_balancer_requests_total",
        "Requests answered by the balancer, by node and HTTP status.", "node", "status");

    public LabeledCounter Retries { get; } = new("synapse_balancer_retries_total",
        "Requests sent again to another node after their node failed before answering, by the node that failed.", "node");

    public LabeledCounter Failovers { get; } = new("synapse_balancer_failovers_total",
        "Requests served by another node after their first node failed, by the node that finally served them.", "node");

    public LabeledCounter StreamFailures { get; } = new("synapse_balancer_stream_failures_total",
        "Streams whose node failed after the first byte; they end with an SSE error event.", "node");

    public Histogram ProxyLatency { get; } = new("synapse_balancer_proxy_duration_seconds",
        "Time from the request's arrival to the end of its proxied response.", LatencyBounds);

    public void WriteTo(StringBuilder output, NodePool pool)
    {
        Requests.WriteTo(output);
        Retries.WriteTo(output);
        Failovers.WriteTo(output);
        StreamFailures.WriteTo(output);
        ProxyLatency.WriteTo(output);

        var nodes = pool.Snapshot;
        output.Append("# HELP synapse_balancer_node_healthy 1 when the node takes requests (healthy, not drained), else 0.\n");
        output.Append("# TYPE synapse_balancer_node_healthy gauge\n");
        foreach (var node in nodes)
        {
            output.Append("synapse_balancer_node_healthy{node=\"").Append(node.Id).Append("\",health=\"").Append(node.HealthName).Append("\"} ")
                .Append(node.IsRoutable ? '1' : '0').Append('\n');
        }

        output.Append("# HELP synapse_balancer_node_in_flight Requests in flight on the node.\n");
        output.Append("# TYPE synapse_balancer_node_in_flight gauge\n");
        foreach (var node in nodes)
        {
            output.Append("synapse_balancer_node_in_flight{node=\"").Append(node.Id).Append("\"} ")
                .Append(node.InFlight.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        output.Append("# HELP synapse_balancer_nodes Nodes known to the balancer.\n");
        output.Append("# TYPE synapse_balancer_nodes gauge\n");
        output.Append("synapse_balancer_nodes ").Append(nodes.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}

using System.Diagnostics.Metrics;
using Synapse.Hosting.Telemetry;
using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Metrics;

/// <summary>
/// The balancer's instruments, on its meter (<see cref="TelemetryNames.LoadBalancer"/>); node gauges are observed
/// from the pool at scrape time. Names already end in the suffixes the Prometheus exporter adds for their unit
/// and type, so it keeps them as they are.
/// </summary>
public sealed class BalancerMetrics
{
    private static readonly double[] LatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    public BalancerMetrics(IMeterFactory meterFactory, NodePool pool)
    {
        var meter = meterFactory.Create(TelemetryNames.LoadBalancer);
        Requests = new(meter.CreateCounter<long>("synapse_balancer_requests_total",
            description: "Requests answered by the balancer, by node and HTTP status."), "node", "status");
        Retries = new(meter.CreateCounter<long>("synapse_balancer_retries_total",
            description: "Requests sent again to another node after their node failed before answering, by the node that failed."), "node");
        Failovers = new(meter.CreateCounter<long>("synapse_balancer_failovers_total",
            description: "Requests served by another node after their first node failed, by the node that finally served them."), "node");
        StreamFailures = new(meter.CreateCounter<long>("synapse_balancer_stream_failures_total",
            description: "Streams whose node failed after the first byte; they end with an SSE error event."), "node");
        ProxyLatency = meter.CreateHistogram("synapse_balancer_proxy_duration_seconds", "s",
            "Time from the request's arrival to the end of its proxied response.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBounds });

        meter.CreateObservableGauge("synapse_balancer_node_healthy", () => pool.Snapshot.Select(node => new Measurement<int>(node.IsRoutable ? 1 : 0,
                new KeyValuePair<string, object?>("node", node.Id), new KeyValuePair<string, object?>("health", node.HealthName))),
            description: "1 when the node takes requests (healthy, not drained), else 0.");
        meter.CreateObservableGauge("synapse_balancer_node_in_flight", () => pool.Snapshot.Select(node => new Measurement<long>(node.InFlight,
                new KeyValuePair<string, object?>("node", node.Id))),
            unit: "{request}", description: "Requests in flight on the node.");
        meter.CreateObservableGauge("synapse_balancer_nodes", () => pool.Snapshot.Count, unit: "{node}", description: "Nodes known to the balancer.");
    }

    /// <summary>Proxied requests by node and final status (node "none" for requests no node could take).</summary>
    public LabeledCounter Requests { get; }
    public LabeledCounter Retries { get; }
    public LabeledCounter Failovers { get; }
    public LabeledCounter StreamFailures { get; }
    public Histogram<double> ProxyLatency { get; }
}

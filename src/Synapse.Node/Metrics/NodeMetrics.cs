using System.Diagnostics.Metrics;
using Synapse.Engine;
using Synapse.Hosting.Telemetry;
using Synapse.Node.Hosting;

namespace Synapse.Node.Metrics;

/// <summary>
/// The node's instruments, on its meter (<see cref="TelemetryNames.Node"/>). HTTP-side series are updated by the
/// handlers; engine gauges and token counters are observed from <see cref="IInferenceEngine.GetStats"/> at scrape
/// time, so a scrape never waits on the inference loop. Names follow vLLM's (<c>vllm:num_requests_running</c>,
/// <c>vllm:time_to_first_token_seconds</c>) with a <c>synapse_</c> prefix; they already end in the suffixes the
/// Prometheus exporter would add for their unit and type (<c>_seconds</c>, <c>_total</c>), so it keeps them as they are.
/// </summary>
public sealed class NodeMetrics
{
    private static readonly double[] LatencyBuckets =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    private static readonly double[] InterTokenBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    public NodeMetrics(IMeterFactory meterFactory, IInferenceEngine engine, NodeState state)
    {
        var meter = meterFactory.Create(TelemetryNames.Node);
        TimeToFirstToken = Seconds(meter, "synapse_time_to_first_token_seconds", "Time from request arrival to the first generated token.", LatencyBuckets);
        InterTokenLatency = Seconds(meter, "synapse_inter_token_latency_seconds", "Time between consecutive text deltas of one generation.", InterTokenBuckets);
        EndToEndLatency = Seconds(meter, "synapse_e2e_request_latency_seconds", "Time from request arrival to the end of its generation.", LatencyBuckets);
        QueueTime = Seconds(meter, "synapse_request_queue_time_seconds", "Time a generation waited for a free slot.", LatencyBuckets);
        Requests = new(meter.CreateCounter<long>("synapse_http_requests_total", description: "HTTP requests answered, by endpoint and status code."),
            "endpoint", "status");
        Errors = new(meter.CreateCounter<long>("synapse_errors_total", description: "Error responses, by error code (or type when the error has no code)."),
            "code");
        FinishedGenerations = new(meter.CreateCounter<long>("synapse_request_success_total", description: "Generations finished, by finish reason."),
            "finished_reason");

        meter.CreateObservableGauge("synapse_ready", () => engine.IsReady && !state.IsDraining ? 1 : 0,
            description: "1 when the model is loaded and the node admits requests.");
        EngineInstruments.Register(meter, engine);
    }

    public Histogram<double> TimeToFirstToken { get; }
    public Histogram<double> InterTokenLatency { get; }
    public Histogram<double> EndToEndLatency { get; }
    public Histogram<double> QueueTime { get; }
    public LabeledCounter Requests { get; }
    public LabeledCounter Errors { get; }
    public LabeledCounter FinishedGenerations { get; }

    private static Histogram<double> Seconds(Meter meter, string name, string description, double[] buckets) =>
        meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
}

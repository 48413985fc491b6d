using System.Globalization;
using System.Text;
using Synapse.Engine;
using Synapse.Node.Hosting;

namespace Synapse.Node.Metrics;

/// <summary>
/// The node's Prometheus metrics. HTTP-side series are updated by the handlers; engine gauges and token counters
/// come from <see cref="IInferenceEngine.GetStats"/> at scrape time, so a scrape never waits on the inference loop.
/// Names follow vLLM's (<c>vllm:num_requests_running</c>, <c>vllm:time_to_first_token_seconds</c>) with a
/// <c>synapse_</c> prefix.
/// </summary>
public sealed class NodeMetrics
{
    private static readonly double[] LatencyBuckets =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    private static readonly double[] InterTokenBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    public Histogram TimeToFirstToken { get; } = new("synapse_time_to_first_token_seconds",
        "Time from request arrival to the first generated token.", LatencyBuckets);

    public Histogram InterTokenLatency { get; } = new("synapse_inter_token_latency_seconds",
        "Time between consecutive text deltas of one generation.", InterTokenBuckets);

    public Histogram EndToEndLatency { get; } = new("synapse_e2e_request_latency_seconds",
        "Time from request arrival to the end of its generation.", LatencyBuckets);

    public Histogram QueueTime { get; } = new("synapse_request_queue_time_seconds",
        "Time a generation waited for a free slot.", LatencyBuckets);

    public LabeledCounter Requests { get; } = new("synapse_http_requests_total",
        "HTTP requests answered, by endpoint and status code.", "endpoint", "status");

    public LabeledCounter Errors { get; } = new("synapse_errors_total",
        "Error responses, by error code (or type when the error has no code).", "code");

    public LabeledCounter FinishedGenerations { get; } = new("synapse_request_success_total",
        "Generations finished, by finish reason.", "finished_reason");

    public void WriteTo(StringBuilder output, IInferenceEngine engine, NodeState state)
    {
        var ready = engine.IsReady;
        Gauge(output, "synapse_ready", "1 when the model is loaded and the node admits requests.", ready && !state.IsDraining ? 1 : 0);
        if (ready)
        {
            var stats = engine.GetStats();
            Gauge(output, "synapse_num_requests_running", "Generations holding a slot.", stats.Running);
            Gauge(output, "synapse_num_requests_waiting", "Generations waiting for a slot.", stats.Waiting);
            Gauge(output, "synapse_num_slots", "Sequence slots (SYNAPSE_PARALLEL).", stats.Slots);
            Gauge(output, "synapse_kv_cache_usage_ratio", "Share of the KV cache in use (0 to 1).",
                stats.KvCacheCapacityTokens > 0 ? (double)stats.KvCacheUsedTokens / stats.KvCacheCapacityTokens : 0);
            Gauge(output, "synapse_kv_cache_used_tokens", "KV cache cells in use.", stats.KvCacheUsedTokens);
            Gauge(output, "synapse_kv_cache_capacity_tokens", "KV cache cells in all.", stats.KvCacheCapacityTokens);
            Counter(output, "synapse_prompt_tokens_total", "Prompt tokens processed.", stats.PromptTokensTotal);
            Counter(output, "synapse_generation_tokens_total", "Tokens generated.", stats.GenerationTokensTotal);
            Counter(output, "synapse_decode_steps_total", "Batched decode steps run by the inference loop.", stats.DecodeSteps);
        }

        TimeToFirstToken.WriteTo(output);
        InterTokenLatency.WriteTo(output);
        EndToEndLatency.WriteTo(output);
        QueueTime.WriteTo(output);
        Requests.WriteTo(output);
        Errors.WriteTo(output);
        FinishedGenerations.WriteTo(output);
    }

    private static void Gauge(StringBuilder output, string name, string help, double value) => Scalar(output, name, help, "gauge", value);

    private static void Counter(StringBuilder output, string name, string help, double value) => Scalar(output, name, help, "counter", value);

    private static void Scalar(StringBuilder output, string name, string help, string type, double value)
    {
        output.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        output.Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}

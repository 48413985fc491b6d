using System.Diagnostics.Metrics;
using Synapse.Engine;
using Synapse.Engine.Generation;

namespace Synapse.Node.Metrics;

/// <summary>
/// The engine's gauges and token counters, read from one <see cref="IInferenceEngine.GetStats"/> snapshot per
/// instrument at collection time; none is reported while the model loads (the engine has no stats then).
/// </summary>
internal static class EngineInstruments
{
    public static void Register(Meter meter, IInferenceEngine engine)
    {
        Gauge(meter, engine, "synapse_num_requests_running", null, "Generations holding a slot.", s => s.Running);
        Gauge(meter, engine, "synapse_num_requests_waiting", null, "Generations waiting for a slot.", s => s.Waiting);
        Gauge(meter, engine, "synapse_num_slots", null, "Sequence slots (SYNAPSE_PARALLEL).", s => s.Slots);
        Gauge(meter, engine, "synapse_kv_cache_usage_ratio", null, "Share of the KV cache in use (0 to 1).",
            s => s.KvCacheCapacityTokens > 0 ? (double)s.KvCacheUsedTokens / s.KvCacheCapacityTokens : 0);
        Gauge(meter, engine, "synapse_kv_cache_used_tokens", "{token}", "KV cache cells in use.", s => s.KvCacheUsedTokens);
        Gauge(meter, engine, "synapse_kv_cache_capacity_tokens", "{token}", "KV cache cells in all.", s => s.KvCacheCapacityTokens);
        Counter(meter, engine, "synapse_prompt_tokens_total", "{token}", "Prompt tokens processed.", s => s.PromptTokensTotal);
        Counter(meter, engine, "synapse_generation_tokens_total", "{token}", "Tokens generated.", s => s.GenerationTokensTotal);
        Counter(meter, engine, "synapse_decode_steps_total", "{step}", "Batched decode steps run by the inference loop.", s => s.DecodeSteps);
    }

    private static void Gauge(Meter meter, IInferenceEngine engine, string name, string? unit, string description, Func<EngineStats, double> read) =>
        meter.CreateObservableGauge(name, () => Observe(engine, read), unit, description);

    private static void Counter(Meter meter, IInferenceEngine engine, string name, string unit, string description, Func<EngineStats, long> read) =>
        meter.CreateObservableCounter(name, () => Observe(engine, read), unit, description);

    private static IEnumerable<Measurement<T>> Observe<T>(IInferenceEngine engine, Func<EngineStats, T> read)
        where T : struct =>
        engine.IsReady ? [new Measurement<T>(read(engine.GetStats()))] : [];
}

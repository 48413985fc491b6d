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
        Counter(meter, engine, "synapse_prompt_tokens_total", "{token}", "Prompt tokens read (prefilled); cached ones are not.", s => s.PromptTokensTotal);
        Counter(meter, engine, "synapse_prompt_cached_tokens_total", "{token}", "Prompt tokens served from the prefix cache instead of being read.", s => s.CachedPromptTokensTotal);
        Counter(meter, engine, "synapse_prefix_cache_hits_total", "{request}", "Requests that reused a cached prompt prefix.", s => s.PrefixCacheHits);
        Gauge(meter, engine, "synapse_prefix_cache_host_bytes", "By", "Bytes of sequence states the prefix cache keeps in RAM (bounded by SYNAPSE_CACHE_RAM_MB).", s => s.HostCacheBytes);
        Gauge(meter, engine, "synapse_prefix_cache_host_entries", null, "Sequence states the prefix cache keeps in RAM.", s => s.HostCacheEntries);
        Counter(meter, engine, "synapse_prefix_cache_host_restores_total", "{restore}", "Sequence states restored from RAM into a slot.", s => s.HostCacheRestores);
        Counter(meter, engine, "synapse_prefix_cache_host_evictions_total", "{eviction}", "Sequence states evicted from RAM to stay within the bound.", s => s.HostCacheEvictions);
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

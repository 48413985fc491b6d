using Synapse.Engine.Hosting;
using Synapse.Hosting.Settings;

namespace Synapse.Node.Configuration;

/// <summary>
/// The one table of the node's settings. The configuration sources, the validation messages and docs/configuration.md's
/// configuration table are all derived from it, so a setting is added here and nowhere else.
/// </summary>
public static class NodeSettings
{
    public const string Section = "Synapse";

    /// <summary>Served when MODEL_NAME is unset (see <see cref="NodeOptions.DefaultModel"/>).</summary>
    public const string DefaultModel = NodeOptions.DefaultModel;

    public static readonly NodeSetting ModelName = new("MODEL_NAME", "--model", "ModelName", $"`{DefaultModel}`",
        "Model to serve: a Hugging Face repository (`org/name`, `gpt2`, `org/name@revision`, `org/name:Q4_K_M` for a GGUF repository's quantization), a local Hugging Face folder or a local `.gguf` file (a split one by its first part). Also the id clients send as `model`.");
    public static readonly NodeSetting Quant = new("SYNAPSE_QUANT", "--quant", "Quant", NodeOptions.DefaultQuantization.ToString(),
        "Type safetensors models are converted to: F16, BF16, Q8_0, Q6_K, Q5_K_M or Q4_K_M (Q8_0 quantized while converting with ggml's kernel, the K-quants by llama.cpp's quantizer). Converted files are cached per repository, commit and type.");
    public static readonly NodeSetting ModelAliases = new("SYNAPSE_MODEL_ALIASES", "--model-aliases", "ModelAliases", "(none)",
        "Comma-separated extra ids the model answers to in `model` and /v1/models.");
    public static readonly NodeSetting Parallel = new("SYNAPSE_PARALLEL", "--parallel", "Parallel", SettingDefault.Of(EngineOptions.DefaultParallel),
        "Sequence slots decoded together (continuous batching).");
    public static readonly NodeSetting ContextSize = new("SYNAPSE_CTX_SIZE", "--ctx-size", "ContextSize", SettingDefault.Of(EngineOptions.DefaultContextSize),
        "Context length of each slot in tokens (prompt plus output); 0 takes the model's training context, capped at 4096.");
    public static readonly NodeSetting Threads = new("SYNAPSE_THREADS", "--threads", "Threads", SettingDefault.Of(EngineOptions.DefaultThreads) + " (all cores)",
        "CPU threads for decoding.");
    public static readonly NodeSetting Queue = new("SYNAPSE_QUEUE", "--queue", "Queue", SettingDefault.Of(EngineOptions.DefaultQueueSize),
        "Requests that may wait for a free slot; beyond it requests get 503 with Retry-After.");
    public static readonly NodeSetting BatchSize = new("SYNAPSE_BATCH_SIZE", "--batch-size", "BatchSize", SettingDefault.Of(EngineOptions.DefaultBatchSize),
        "Most tokens one decode step may hold.");
    public static readonly NodeSetting PrefillChunk = new("SYNAPSE_PREFILL_CHUNK", "--prefill-chunk", "PrefillChunk", SettingDefault.Of(EngineOptions.DefaultPrefillChunk),
        "Most prompt tokens read per step, so running streams keep flowing while a long prompt is read.");
    public static readonly NodeSetting KvUnified = new("SYNAPSE_KV_UNIFIED", "--kv-unified", "KvUnified", SettingDefault.Of(new EngineOptions().UnifiedKvCache),
        "One KV buffer shared by all slots (llama.cpp's kv_unified) instead of one per slot.");
    public static readonly NodeSetting PrefixCache = new("SYNAPSE_PREFIX_CACHE", "--prefix-cache", "PrefixCache", SettingDefault.Of(new EngineOptions().PrefixCache),
        "Reuse the KV cache of a prompt prefix a slot already holds: a request takes the free slot sharing the longest prefix with its prompt and reads only the rest (`usage.prompt_tokens_details.cached_tokens`). `false` reads every prompt whole.");
    public static readonly NodeSetting SlotSimilarity = new("SYNAPSE_SLOT_SIMILARITY", "--slot-similarity", "SlotSimilarity", SettingDefault.Of(EngineOptions.DefaultSlotSimilarity),
        "Least share (0 to below 1) of a new prompt a free slot's cached prefix must cover for the slot to be chosen for it (llama-server's --slot-prompt-similarity); below it the least recently used slot is taken.");
    public static readonly NodeSetting CacheRamMb = new("SYNAPSE_CACHE_RAM_MB", "--cache-ram-mb", "CacheRamMb", SettingDefault.Of(EngineOptions.DefaultCacheRamMb),
        "MiB of RAM for the prefix cache's host tier: a slot's KV state saved when the slot is taken for another prompt, restored when a later prompt shares its prefix; least recently used evicted first; 0 keeps none.");
    public static readonly NodeSetting ApiKeys = new("SYNAPSE_API_KEYS", "--api-keys", "ApiKeys", "(none: open)",
        "Comma-separated API keys; when any key is set, /v1/* needs `Authorization: Bearer <key>`.");
    public static readonly NodeSetting ApiKeyFile = new("SYNAPSE_API_KEY_FILE", "--api-key-file", "ApiKeyFile", "(none)",
        "File with one API key per line (blank lines and # comments ignored); adds to SYNAPSE_API_KEYS.");
    public static readonly NodeSetting Host = new("SYNAPSE_HOST", "--host", "Host", NodeOptions.DefaultHost,
        "Address to listen on (shortcut for --urls).");
    public static readonly NodeSetting Port = new("SYNAPSE_PORT", "--port", "Port", SettingDefault.Of(NodeOptions.DefaultPort),
        "Port to listen on (shortcut for --urls; 0 picks a free port).");
    public static readonly NodeSetting MaxBodyBytes = new("SYNAPSE_MAX_BODY_BYTES", "--max-body-bytes", "MaxBodyBytes", SettingDefault.Of(NodeOptions.DefaultMaxBodyBytes),
        "Largest request body accepted; larger bodies get 413.");
    public static readonly NodeSetting ShutdownGrace = new("SYNAPSE_SHUTDOWN_GRACE", "--shutdown-grace", "ShutdownGraceSeconds", SettingDefault.Of(NodeOptions.DefaultShutdownGrace),
        "Seconds running requests may take to finish on SIGTERM/Ctrl+C before they are cancelled.");
    public static readonly NodeSetting KeepAlive = new("SYNAPSE_KEEPALIVE_SECONDS", "--keepalive-seconds", "KeepAliveSeconds", SettingDefault.Of(NodeOptions.DefaultKeepAliveInterval),
        "Interval of `: keep-alive` SSE comments while a stream's prompt is queued or read (fractions allowed).");
    public static readonly NodeSetting ChatTemplate = new("SYNAPSE_CHAT_TEMPLATE", "--chat-template", "ChatTemplate", "(the model's)",
        "File with a Jinja chat template used instead of the model's `tokenizer.chat_template` (see Chat templates).");
    public static readonly NodeSetting Reasoning = new("SYNAPSE_REASONING", "--reasoning", "Reasoning", "split",
        "`split`: a thinking model's `<think>…</think>` text goes to `reasoning_content` (messages and stream deltas); `inline`: it stays in `content` as the model wrote it.");
    public static readonly NodeSetting Engine = new("SYNAPSE_ENGINE", "--engine", "Engine", "llama",
        "`llama` (llama.cpp) or `simulated`: no model file, a fixed reply streamed at a set rate, MODEL_NAME is only the id. For tests and benchmarks only.");
    public static readonly NodeSetting SimTokensPerSecond = new("SYNAPSE_SIM_TOKENS_PER_SECOND", "--sim-tokens-per-second", "SimTokensPerSecond", SettingDefault.Of(NodeOptions.DefaultSimulatedTokensPerSecond),
        "Simulated engine: tokens per second per request (0 answers instantly).");
    public static readonly NodeSetting SimLoadSeconds = new("SYNAPSE_SIM_LOAD_SECONDS", "--sim-load-seconds", "SimLoadSeconds", SettingDefault.Of(new NodeOptions().SimulatedLoadTime),
        "Simulated engine: seconds the node reports `loading` before it is ready.");
    public static readonly NodeSetting BalancerUrl = new("SYNAPSE_BALANCER_URL", "--balancer-url", "BalancerUrl", "(none)",
        "Load balancer to register with (e.g. `http://127.0.0.1:5000`); the node heartbeats and deregisters on shutdown.");
    public static readonly NodeSetting BalancerKey = new("SYNAPSE_BALANCER_KEY", "--balancer-key", "BalancerKey", "(none)",
        "The balancer's admin key (its SYNAPSE_ADMIN_KEY), sent when registering.");
    public static readonly NodeSetting AdvertiseUrl = new("SYNAPSE_ADVERTISE_URL", "--advertise-url", "AdvertiseUrl", "(from the bound address)",
        "URL the balancer should use to reach this node; by default the listening address (a wildcard host becomes 127.0.0.1 for a balancer on loopback, else the machine's name).");
    public static readonly NodeSetting HeartbeatSeconds = new("SYNAPSE_HEARTBEAT_SECONDS", "--heartbeat-seconds", "HeartbeatSeconds", SettingDefault.Of(NodeOptions.DefaultHeartbeatInterval),
        "Seconds between registrations (heartbeats) with the balancer, which drops the node after 3 missed ones (fractions allowed).");
    public static readonly NodeSetting TlsCertificate = new("SYNAPSE_TLS_CERT", "--tls-cert", "TlsCertificate", "(none: plain HTTP)",
        "PEM certificate file (chain after the leaf): the node listens on HTTPS with it. Needs SYNAPSE_TLS_KEY.");
    public static readonly NodeSetting TlsKey = new("SYNAPSE_TLS_KEY", "--tls-key", "TlsKey", "(none)",
        "PEM private key file of SYNAPSE_TLS_CERT.");
    public static readonly NodeSetting BalancerCa = new("SYNAPSE_BALANCER_CA", "--balancer-ca", "BalancerCa", "(none: the system's roots)",
        "PEM file of the CA certificates that sign an `https://` balancer's certificate, for registering.");

    public static readonly NodeSetting DataDir = new("SYNAPSE_DATA_DIR", "--data-dir", "DataDir", "`$XDG_DATA_HOME/synapse` (`~/.local/share/synapse`; `%LOCALAPPDATA%\\Synapse` on Windows)",
        "Folder for what the node keeps between runs: the response store (`responses.db`). Created when missing. Nodes on one machine may share it (one database and one size bound for all); containers and services point it at a volume or their state directory.");
    public static readonly NodeSetting ResponsesStore = new("SYNAPSE_RESPONSES_STORE", "--responses-store", "ResponsesStore", SettingDefault.Of(NodeOptions.DefaultResponsesStore),
        "Keep `/v1/responses` answers made with `store: true` (OpenAI's default) in SYNAPSE_DATA_DIR's SQLite database, for `previous_response_id`, `GET` and `DELETE`; `false` stores nothing (as if every request said `store: false`).");
    public static readonly NodeSetting ResponsesMaxAgeDays = new("SYNAPSE_RESPONSES_MAX_AGE_DAYS", "--responses-max-age-days", "ResponsesMaxAgeDays", SettingDefault.Of(NodeOptions.DefaultResponsesMaxAge.TotalDays),
        "Days a stored response is kept (fractions allowed), counted from its `created_at`; older ones are gone for `GET` and `previous_response_id` and deleted from the file.");
    public static readonly NodeSetting ResponsesMaxMb = new("SYNAPSE_RESPONSES_MAX_MB", "--responses-max-mb", "ResponsesMaxMb", SettingDefault.Of(NodeOptions.DefaultResponsesMaxMb),
        "MiB of stored responses (their JSON) kept at most; beyond it the oldest are deleted first.");

    public static IReadOnlyList<NodeSetting> All { get; } =
    [
        ModelName, Quant, ModelAliases, Parallel, ContextSize, Threads, Queue, BatchSize, PrefillChunk, KvUnified,
        PrefixCache, SlotSimilarity, CacheRamMb,
        ApiKeys, ApiKeyFile, Host, Port, MaxBodyBytes, ShutdownGrace, KeepAlive, ChatTemplate, Reasoning,
        Engine, SimTokensPerSecond, SimLoadSeconds, BalancerUrl, BalancerKey, AdvertiseUrl, HeartbeatSeconds,
        TlsCertificate, TlsKey, BalancerCa,
        DataDir, ResponsesStore, ResponsesMaxAgeDays, ResponsesMaxMb,
    ];

    /// <summary>Command-line switch mappings for <c>AddCommandLine</c>.</summary>
    public static IDictionary<string, string> SwitchMappings() => SettingsTable.SwitchMappings(All);

    /// <summary>The node table of docs/configuration.md.</summary>
    public static string ToMarkdownTable() => SettingsTable.ToMarkdownTable(All);

    /// <summary>The checkout's <c>.env.example</c>: every setting, commented out (each has a default), with its description.</summary>
    public static string ToDotEnvExample()
    {
        var builder = new System.Text.StringBuilder();
        builder.Append("# Synapse node settings. Copy to .env (read from the working directory) and edit.\n");
        builder.Append("# Precedence, lowest to highest: .env < environment variables < appsettings.json (\"Synapse\" section) < command-line flags.\n");
        foreach (var s in All)
        {
            builder.Append('\n');
            var flag = s.Flag is null ? "" : $" Flag: {s.Flag};";
            builder.Append($"# {s.Description.Replace("`", "", StringComparison.Ordinal)}{flag} appsettings.json: {Section}:{s.Key}; default: {s.Default.Replace("`", "", StringComparison.Ordinal)}.\n");
            builder.Append($"# {s.EnvironmentVariable}=\n");
        }

        return builder.ToString();
    }
}

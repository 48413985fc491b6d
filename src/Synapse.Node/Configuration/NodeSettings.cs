namespace Synapse.Node.Configuration;

/// <summary>
/// The one table of the node's settings. The configuration sources, the validation messages and the README's
/// configuration table are all derived from it, so a setting is added here and nowhere else.
/// </summary>
public static class NodeSettings
{
    public const string Section = "Synapse";

    /// <summary>Served when MODEL_NAME is unset: small, Apache-2.0, ungated and chat-tuned.</summary>
    public const string DefaultModel = "Qwen/Qwen2.5-0.5B-Instruct";

    public static readonly NodeSetting ModelName = new("MODEL_NAME", "--model", "ModelName", $"`{DefaultModel}`",
        "Model to serve: a Hugging Face repository (`org/name`, `gpt2`, `org/name@revision`, `org/name:Q4_K_M` for a GGUF repository's quantization), a local Hugging Face folder or a local `.gguf` file (a split one by its first part). Also the id clients send as `model`.");
    public static readonly NodeSetting Quant = new("SYNAPSE_QUANT", "--quant", "Quant", "Q8_0",
        "Type safetensors models are converted to: F16, BF16, Q8_0, Q6_K, Q5_K_M or Q4_K_M (llama.cpp's quantizer). Converted files are cached per repository, commit and type.");
    public static readonly NodeSetting ModelAliases = new("SYNAPSE_MODEL_ALIASES", "--model-aliases", "ModelAliases", "(none)",
        "Comma-separated extra ids the model answers to in `model` and /v1/models.");
    public static readonly NodeSetting Parallel = new("SYNAPSE_PARALLEL", "--parallel", "Parallel", "4",
        "Sequence slots decoded together (continuous batching).");
    public static readonly NodeSetting ContextSize = new("SYNAPSE_CTX_SIZE", "--ctx-size", "ContextSize", "4096",
        "Context length of each slot in tokens (prompt plus output); 0 takes the model's training context, capped at 4096.");
    public static readonly NodeSetting Threads = new("SYNAPSE_THREADS", "--threads", "Threads", "0 (all cores)",
        "CPU threads for decoding.");
    public static readonly NodeSetting Queue = new("SYNAPSE_QUEUE", "--queue", "Queue", "64",
        "Requests that may wait for a free slot; beyond it requests get 503 with Retry-After.");
    public static readonly NodeSetting BatchSize = new("SYNAPSE_BATCH_SIZE", "--batch-size", "BatchSize", "512",
        "Most tokens one decode step may hold.");
    public static readonly NodeSetting PrefillChunk = new("SYNAPSE_PREFILL_CHUNK", "--prefill-chunk", "PrefillChunk", "256",
        "Most prompt tokens read per step, so running streams keep flowing while a long prompt is read.");
    public static readonly NodeSetting KvUnified = new("SYNAPSE_KV_UNIFIED", "--kv-unified", "KvUnified", "false",
        "One KV buffer shared by all slots (llama.cpp's kv_unified) instead of one per slot.");
    public static readonly NodeSetting ApiKeys = new("SYNAPSE_API_KEYS", "--api-keys", "ApiKeys", "(none: open)",
        "Comma-separated API keys; when any key is set, /v1/* needs `Authorization: Bearer <key>`.");
    public static readonly NodeSetting ApiKeyFile = new("SYNAPSE_API_KEY_FILE", "--api-key-file", "ApiKeyFile", "(none)",
        "File with one API key per line (blank lines and # comments ignored); adds to SYNAPSE_API_KEYS.");
    public static readonly NodeSetting Host = new("SYNAPSE_HOST", "--host", "Host", "0.0.0.0",
        "Address to listen on (shortcut for --urls).");
    public static readonly NodeSetting Port = new("SYNAPSE_PORT", "--port", "Port", "8000",
        "Port to listen on (shortcut for --urls; 0 picks a free port).");
    public static readonly NodeSetting MaxBodyBytes = new("SYNAPSE_MAX_BODY_BYTES", "--max-body-bytes", "MaxBodyBytes", "10485760",
        "Largest request body accepted; larger bodies get 413.");
    public static readonly NodeSetting ShutdownGrace = new("SYNAPSE_SHUTDOWN_GRACE", "--shutdown-grace", "ShutdownGraceSeconds", "30",
        "Seconds running requests may take to finish on SIGTERM/Ctrl+C before they are cancelled.");
    public static readonly NodeSetting KeepAlive = new("SYNAPSE_KEEPALIVE_SECONDS", "--keepalive-seconds", "KeepAliveSeconds", "5",
        "Interval of `: keep-alive` SSE comments while a stream's prompt is queued or read (fractions allowed).");
    public static readonly NodeSetting ChatTemplate = new("SYNAPSE_CHAT_TEMPLATE", "--chat-template", "ChatTemplate", "(the model's)",
        "File with a Jinja chat template used instead of the model's `tokenizer.chat_template` (see Chat templates).");

    public static IReadOnlyList<NodeSetting> All { get; } =
    [
        ModelName, Quant, ModelAliases, Parallel, ContextSize, Threads, Queue, BatchSize, PrefillChunk, KvUnified,
        ApiKeys, ApiKeyFile, Host, Port, MaxBodyBytes, ShutdownGrace, KeepAlive, ChatTemplate,
    ];

    /// <summary>Command-line switch mappings for <c>AddCommandLine</c>.</summary>
    public static IDictionary<string, string> SwitchMappings() =>
        All.Where(s => s.Flag is not null).ToDictionary(s => s.Flag!, s => s.ConfigurationPath, StringComparer.OrdinalIgnoreCase);

    /// <summary>The README's configuration table.</summary>
    public static string ToMarkdownTable()
    {
        var builder = new System.Text.StringBuilder();
        builder.AppendLine("| Environment variable | Flag | appsettings.json | Default | Meaning |");
        builder.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var s in All)
        {
            builder.AppendLine($"| `{s.EnvironmentVariable}` | {(s.Flag is null ? "" : $"`{s.Flag}`")} | `{Section}:{s.Key}` | {s.Default} | {s.Description} |");
        }

        return builder.ToString();
    }
}

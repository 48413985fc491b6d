using Synapse.Models.Conversion;
using Synapse.Models.Hub;

namespace Synapse.Node.Configuration;

/// <summary>The node's own settings (the engine's are in <c>EngineOptions</c>), validated at start.</summary>
public sealed class NodeOptions
{
    /// <summary>Served when MODEL_NAME is unset: small, Apache-2.0, ungated and chat-tuned.</summary>
    public const string DefaultModel = "Qwen/Qwen2.5-0.5B-Instruct";

    public const string DefaultHost = "0.0.0.0";

    public const int DefaultPort = 8000;

    public const long DefaultMaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>Smaller bodies could not hold a chat request.</summary>
    public const long MinMaxBodyBytes = 1024;

    public static readonly TimeSpan DefaultShutdownGrace = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MinKeepAliveInterval = TimeSpan.FromMilliseconds(1);

    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MinHeartbeatInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest of the *_SECONDS settings: a day.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    public const double DefaultSimulatedTokensPerSecond = 100;

    public const double MaxSimulatedTokensPerSecond = 1_000_000;

    public const bool DefaultResponsesStore = true;

    /// <summary>As OpenAI keeps stored responses.</summary>
    public static readonly TimeSpan DefaultResponsesMaxAge = TimeSpan.FromDays(30);

    /// <summary>Ten years: a bound that still fits every clock and date computation.</summary>
    public static readonly TimeSpan MaxResponsesMaxAge = TimeSpan.FromDays(3650);

    public const int DefaultResponsesMaxMb = 1024;

    public const int MaxResponsesMaxMb = 1024 * 1024;

    public const ModelQuantization DefaultQuantization = ModelQuantization.Q8_0;

    /// <summary>The id the model is served under (MODEL_NAME as given).</summary>
    public string ModelName { get; set; } = "";

    /// <summary>MODEL_NAME parsed: a hub repository, a local folder or a local GGUF file.</summary>
    public ModelReference? Model { get; set; }

    /// <summary>What safetensors models are converted to (SYNAPSE_QUANT).</summary>
    public ModelQuantization Quantization { get; set; } = DefaultQuantization;

    public IReadOnlyList<string> ModelAliases { get; set; } = [];

    /// <summary>Keys accepted in <c>Authorization: Bearer</c>; empty means /v1 is open.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>Where Kestrel listens (semicolon-separated URLs).</summary>
    public string Urls { get; set; } = $"http://{DefaultHost}:{DefaultPort}";

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    public TimeSpan ShutdownGrace { get; set; } = DefaultShutdownGrace;

    public TimeSpan KeepAliveInterval { get; set; } = DefaultKeepAliveInterval;

    /// <summary>SYNAPSE_CHAT_TEMPLATE: the file whose template replaces the model's; null when not set.</summary>
    public string? ChatTemplateFile { get; set; }

    /// <summary>That file's text, read and checked (it parses) at start.</summary>
    public string? ChatTemplateText { get; set; }

    /// <summary>Where a thinking model's reasoning goes (SYNAPSE_REASONING).</summary>
    public ReasoningMode Reasoning { get; set; } = ReasoningMode.Split;

    /// <summary>Which engine serves requests (SYNAPSE_ENGINE).</summary>
    public NodeEngineKind Engine { get; set; } = NodeEngineKind.Llama;

    /// <summary>Simulated engine only: tokens per second per request; 0 answers instantly.</summary>
    public double SimulatedTokensPerSecond { get; set; } = DefaultSimulatedTokensPerSecond;

    /// <summary>Simulated engine only: how long the node reports loading.</summary>
    public TimeSpan SimulatedLoadTime { get; set; }

    /// <summary>The load balancer to register with; null means the node does not register.</summary>
    public Uri? BalancerUrl { get; set; }

    /// <summary>The balancer's admin key, sent as <c>Authorization: Bearer</c> when registering.</summary>
    public string? BalancerKey { get; set; }

    /// <summary>The URL announced to the balancer; null derives it from the bound address.</summary>
    public Uri? AdvertiseUrl { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    public string? TlsCertificate { get; set; }

    public string? TlsKey { get; set; }

    /// <summary>CA file trusted for an https balancer; null: the system's roots.</summary>
    public string? BalancerCa { get; set; }

    /// <summary>SYNAPSE_DATA_DIR: where the node keeps what outlives a run (the response store).</summary>
    public string DataDirectory { get; set; } = Configuration.DataDirectory.Default(Environment.GetEnvironmentVariable) ?? "";

    /// <summary>Whether <c>/v1/responses</c> stores responses (SYNAPSE_RESPONSES_STORE).</summary>
    public bool ResponsesStore { get; set; } = DefaultResponsesStore;

    public TimeSpan ResponsesMaxAge { get; set; } = DefaultResponsesMaxAge;

    public int ResponsesMaxMb { get; set; } = DefaultResponsesMaxMb;

    /// <summary>Every id a request's <c>model</c> may name: the model name first, then the aliases.</summary>
    public IReadOnlyList<string> ServedModelIds => [ModelName, .. ModelAliases.Where(a => a != ModelName)];
}

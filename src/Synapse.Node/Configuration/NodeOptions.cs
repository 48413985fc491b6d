using Synapse.Models.Conversion;
using Synapse.Models.Hub;

namespace Synapse.Node.Configuration;

/// <summary>The node's own settings (the engine's are in <c>EngineOptions</c>), validated at start.</summary>
public sealed class NodeOptions
{
    /// <summary>The id the model is served under (MODEL_NAME as given).</summary>
    public string ModelName { get; set; } = "";

    /// <summary>MODEL_NAME parsed: a hub repository, a local folder or a local GGUF file.</summary>
    public ModelReference? Model { get; set; }

    /// <summary>What safetensors models are converted to (SYNAPSE_QUANT).</summary>
    public ModelQuantization Quantization { get; set; } = ModelQuantization.Q8_0;

    public IReadOnlyList<string> ModelAliases { get; set; } = [];

    /// <summary>Keys accepted in <c>Authorization: Bearer</c>; empty means /v1 is open.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>Where Kestrel listens (semicolon-separated URLs).</summary>
    public string Urls { get; set; } = "http://0.0.0.0:8000";

    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>SYNAPSE_CHAT_TEMPLATE: the file whose template replaces the model's; null when not set.</summary>
    public string? ChatTemplateFile { get; set; }

    /// <summary>That file's text, read and checked (it parses) at start.</summary>
    public string? ChatTemplateText { get; set; }

    /// <summary>Every id a request's <c>model</c> may name: the model name first, then the aliases.</summary>
    public IReadOnlyList<string> ServedModelIds => [ModelName, .. ModelAliases.Where(a => a != ModelName)];
}

using System.Text.Json.Serialization;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Common;

/// <summary>
/// The fields <c>/v1/chat/completions</c> and <c>/v1/completions</c> share, with the same names and meaning on both.
/// Every optional field is nullable so "absent", "null" and a value stay distinct; unknown fields are ignored.
/// Extensions from vLLM/llama.cpp: top_k, min_p, repetition_penalty, ignore_eos, grammar.
/// </summary>
public abstract class TextGenerationRequest
{
    public string? Model { get; set; }

    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? N { get; set; }
    public bool? Stream { get; set; }
    public StreamOptions? StreamOptions { get; set; }

    /// <summary>A string or an array of strings on the wire.</summary>
    [JsonConverter(typeof(StopSequencesConverter))]
    public List<string>? Stop { get; set; }

    public int? MaxTokens { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public long? Seed { get; set; }

    /// <summary>Token id (as a string key) to bias in -100..100.</summary>
    public Dictionary<string, double>? LogitBias { get; set; }

    public string? User { get; set; }

    // vLLM / llama.cpp extensions
    public int? TopK { get; set; }
    public double? MinP { get; set; }
    public double? RepetitionPenalty { get; set; }
    public bool? IgnoreEos { get; set; }

    /// <summary>A GBNF grammar the output must follow (llama-server's extension, rooted at <c>root</c>).</summary>
    public string? Grammar { get; set; }

    [JsonIgnore]
    public bool IsStreaming => Stream == true;

    /// <summary>Streaming with <c>stream_options.include_usage</c>.</summary>
    [JsonIgnore]
    public bool IncludeUsage => Stream == true && StreamOptions?.IncludeUsage == true;
}

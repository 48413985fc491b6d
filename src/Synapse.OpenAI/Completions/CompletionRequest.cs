using System.Text.Json.Serialization;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Completions;

/// <summary>
/// <c>POST /v1/completions</c> (legacy). Optional fields are nullable; unknown fields are ignored.
/// Extensions from vLLM/llama.cpp: top_k, min_p, repetition_penalty, ignore_eos.
/// </summary>
public sealed class CompletionRequest
{
    /// <summary>OpenAI's default for <c>max_tokens</c> on this endpoint.</summary>
    public const int DefaultMaxTokens = 16;

    public string? Model { get; set; }
    public PromptInput? Prompt { get; set; }
    public string? Suffix { get; set; }
    public int? MaxTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? N { get; set; }
    public bool? Stream { get; set; }
    public StreamOptions? StreamOptions { get; set; }

    [JsonConverter(typeof(StopSequencesConverter))]
    public List<string>? Stop { get; set; }

    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public long? Seed { get; set; }
    public bool? Echo { get; set; }
    public int? BestOf { get; set; }

    /// <summary>On this endpoint an integer 0..5 (how many top logprobs per token).</summary>
    public int? Logprobs { get; set; }

    public Dictionary<string, double>? LogitBias { get; set; }
    public string? User { get; set; }

    // vLLM / llama.cpp extensions
    public int? TopK { get; set; }
    public double? MinP { get; set; }
    public double? RepetitionPenalty { get; set; }
    public bool? IgnoreEos { get; set; }

    /// <summary><c>max_tokens</c>, or OpenAI's default of 16 when absent.</summary>
    [JsonIgnore]
    public int EffectiveMaxTokens => MaxTokens ?? DefaultMaxTokens;

    [JsonIgnore]
    public bool IsStreaming => Stream == true;

    [JsonIgnore]
    public bool IncludeUsage => Stream == true && StreamOptions?.IncludeUsage == true;
}

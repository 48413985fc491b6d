using System.Text.Json;
using System.Text.Json.Serialization;
using Synapse.OpenAI.Common;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>. Every optional field is nullable so "absent", "null" and a value stay distinct;
/// unknown fields are ignored. Extensions from vLLM/llama.cpp: top_k, min_p, repetition_penalty, ignore_eos,
/// chat_template_kwargs.
/// </summary>
public sealed class ChatCompletionRequest
{
    public string? Model { get; set; }
    public List<ChatMessage>? Messages { get; set; }

    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? N { get; set; }
    public bool? Stream { get; set; }
    public StreamOptions? StreamOptions { get; set; }

    /// <summary>A string or an array of strings on the wire.</summary>
    [JsonConverter(typeof(StopSequencesConverter))]
    public List<string>? Stop { get; set; }

    public int? MaxTokens { get; set; }
    public int? MaxCompletionTokens { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public long? Seed { get; set; }

    /// <summary>Token id (as a string key) to bias in -100..100.</summary>
    public Dictionary<string, double>? LogitBias { get; set; }

    public bool? Logprobs { get; set; }
    public int? TopLogprobs { get; set; }
    public string? User { get; set; }
    public ResponseFormat? ResponseFormat { get; set; }
    public List<ChatTool>? Tools { get; set; }

    /// <summary><c>"none"</c>, <c>"auto"</c>, <c>"required"</c> or <c>{"type": "function", "function": {"name"}}</c>.</summary>
    public JsonElement? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }

    /// <summary>Deprecated predecessor of <c>tools</c>; read so it is refused like tools rather than silently ignored.</summary>
    public List<ChatFunctionDefinition>? Functions { get; set; }

    /// <summary>Deprecated predecessor of <c>tool_choice</c>: <c>"none"</c>, <c>"auto"</c> or <c>{"name"}</c>.</summary>
    public JsonElement? FunctionCall { get; set; }

    // vLLM / llama.cpp extensions
    public int? TopK { get; set; }
    public double? MinP { get; set; }
    public double? RepetitionPenalty { get; set; }
    public bool? IgnoreEos { get; set; }
    public Dictionary<string, JsonElement>? ChatTemplateKwargs { get; set; }

    /// <summary><c>max_completion_tokens</c> wins over the deprecated <c>max_tokens</c>; null means "until the context is full".</summary>
    [JsonIgnore]
    public int? EffectiveMaxTokens => MaxCompletionTokens ?? MaxTokens;

    [JsonIgnore]
    public bool IsStreaming => Stream == true;

    /// <summary>Streaming with <c>stream_options.include_usage</c>.</summary>
    [JsonIgnore]
    public bool IncludeUsage => Stream == true && StreamOptions?.IncludeUsage == true;
}

using System.Text.Json.Serialization;
using Synapse.OpenAI.Common;

namespace Synapse.OpenAI.Completions;

/// <summary><c>POST /v1/completions</c> (legacy): the shared fields of <see cref="TextGenerationRequest"/> plus the legacy ones.</summary>
public sealed class CompletionRequest : TextGenerationRequest
{
    /// <summary>OpenAI's default for <c>max_tokens</c> on this endpoint.</summary>
    public const int DefaultMaxTokens = 16;

    public PromptInput? Prompt { get; set; }
    public string? Suffix { get; set; }
    public bool? Echo { get; set; }
    public int? BestOf { get; set; }

    /// <summary>On this endpoint an integer 0..5 (how many top logprobs per token).</summary>
    public int? Logprobs { get; set; }

    /// <summary>Extension (vLLM): structured output on legacy completions, as on chat.</summary>
    public Chat.ResponseFormat? ResponseFormat { get; set; }

    /// <summary><c>max_tokens</c>, or OpenAI's default of 16 when absent.</summary>
    [JsonIgnore]
    public int EffectiveMaxTokens => MaxTokens ?? DefaultMaxTokens;
}

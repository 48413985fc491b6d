using System.Text.Json;
using System.Text.Json.Serialization;
using Synapse.OpenAI.Common;

namespace Synapse.OpenAI.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the shared fields of <see cref="TextGenerationRequest"/> plus the chat ones.
/// Extension from vLLM/llama.cpp: chat_template_kwargs.
/// </summary>
public sealed class ChatCompletionRequest : TextGenerationRequest
{
    public List<ChatMessage>? Messages { get; set; }

    public int? MaxCompletionTokens { get; set; }

    public bool? Logprobs { get; set; }
    public int? TopLogprobs { get; set; }
    public ResponseFormat? ResponseFormat { get; set; }
    public List<ChatTool>? Tools { get; set; }

    /// <summary><c>"none"</c>, <c>"auto"</c>, <c>"required"</c> or <c>{"type": "function", "function": {"name"}}</c>.</summary>
    public JsonElement? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }

    /// <summary>Deprecated predecessor of <c>tools</c>; read so it is refused like tools rather than silently ignored.</summary>
    public List<ChatFunctionDefinition>? Functions { get; set; }

    /// <summary>Deprecated predecessor of <c>tool_choice</c>: <c>"none"</c>, <c>"auto"</c> or <c>{"name"}</c>.</summary>
    public JsonElement? FunctionCall { get; set; }

    public Dictionary<string, JsonElement>? ChatTemplateKwargs { get; set; }

    /// <summary><c>max_completion_tokens</c> wins over the deprecated <c>max_tokens</c>; null means "until the context is full".</summary>
    [JsonIgnore]
    public int? EffectiveMaxTokens => MaxCompletionTokens ?? MaxTokens;
}

using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary>The assistant message of a non-streaming answer. OpenAI writes <c>content</c> and <c>refusal</c> even when null.</summary>
public sealed class ChatCompletionMessage
{
    public string Role { get; set; } = ChatRoles.Assistant;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Refusal { get; set; }

    public List<ChatToolCall>? ToolCalls { get; set; }

    /// <summary>A thinking model's reasoning (vLLM's and llama-server's field); omitted when the model did not reason.</summary>
    public string? ReasoningContent { get; set; }
}

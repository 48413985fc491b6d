namespace Synapse.OpenAI.Chat;

/// <summary>
/// What a chunk adds. The first chunk carries <c>role</c> (and <c>content: ""</c>, as OpenAI), the next ones
/// <c>content</c>, the last an empty delta with the finish reason. Null fields are omitted.
/// </summary>
public sealed class ChatCompletionDelta
{
    public string? Role { get; set; }
    public string? Content { get; set; }
    public string? Refusal { get; set; }
    public List<ChatToolCall>? ToolCalls { get; set; }

    /// <summary>A fragment of a thinking model's reasoning (vLLM's and llama-server's field).</summary>
    public string? ReasoningContent { get; set; }
}

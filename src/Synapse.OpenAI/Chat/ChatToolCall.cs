namespace Synapse.OpenAI.Chat;

/// <summary>A tool call: <c>{"id", "type": "function", "function": {"name", "arguments"}}</c>; <c>index</c> only in stream deltas.</summary>
public sealed class ChatToolCall
{
    public int? Index { get; set; }
    public string? Id { get; set; }
    public string? Type { get; set; }
    public ChatFunctionCall? Function { get; set; }
}

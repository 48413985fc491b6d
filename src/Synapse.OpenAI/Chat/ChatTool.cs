namespace Synapse.OpenAI.Chat;

/// <summary>An entry of <c>tools</c>: <c>{"type": "function", "function": {...}}</c>.</summary>
public sealed class ChatTool
{
    public string? Type { get; set; }
    public ChatFunctionDefinition? Function { get; set; }
}

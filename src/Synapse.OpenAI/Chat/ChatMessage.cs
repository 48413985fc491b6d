using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary>One message of a chat request. Tool calls and tool results are kept as sent, for the chat template.</summary>
public sealed class ChatMessage
{
    public string? Role { get; set; }
    public ChatMessageContent? Content { get; set; }
    public string? Name { get; set; }

    /// <summary>An assistant message's earlier tool calls.</summary>
    public List<ChatToolCall>? ToolCalls { get; set; }

    /// <summary>A <c>tool</c> message's answer to this call id.</summary>
    public string? ToolCallId { get; set; }

    /// <summary>An assistant message's refusal, as the SDKs echo it back.</summary>
    public string? Refusal { get; set; }

    /// <summary>Fields OpenAI does not define but templates may read (e.g. <c>reasoning_content</c>).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

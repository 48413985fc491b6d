using System.Text.Json;

namespace Synapse.OpenAI.Chat;

/// <summary>One element of an array <c>content</c>: <c>{"type": "text", "text": "..."}</c> or another kind, whose other fields are kept as they came.</summary>
public sealed class ChatContentPart
{
    public string? Type { get; set; }
    public string? Text { get; set; }

    /// <summary>For a <c>refusal</c> part.</summary>
    public string? Refusal { get; set; }

    /// <summary>Fields of non-text parts (<c>image_url</c>, <c>input_audio</c>, ...), kept for the error message and templates.</summary>
    public Dictionary<string, JsonElement>? Other { get; set; }
}

using System.Text.Json.Serialization;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary>A message's <c>content</c>: either a plain string or an array of content parts. Written back in the form it came.</summary>
[JsonConverter(typeof(ChatMessageContentConverter))]
public sealed class ChatMessageContent
{
    private ChatMessageContent(string? text, IReadOnlyList<ChatContentPart>? parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>Set when content was a string.</summary>
    public string? Text { get; }

    /// <summary>Set when content was an array.</summary>
    public IReadOnlyList<ChatContentPart>? Parts { get; }

    public bool IsString => Parts is null;

    public static ChatMessageContent FromText(string text) => new(text, null);

    public static ChatMessageContent FromParts(IReadOnlyList<ChatContentPart> parts) => new(null, parts);

    /// <summary>
    /// The text the prompt sees: the string itself, or the text parts joined by a newline (as vLLM joins them).
    /// Validation has already refused non-text parts.
    /// </summary>
    public string GetText()
    {
        if (Parts is null) return Text ?? "";
        if (Parts.Count == 1) return Parts[0].Text ?? Parts[0].Refusal ?? "";
        return string.Join("\n", Parts.Select(p => p.Text ?? p.Refusal ?? ""));
    }

    public static implicit operator ChatMessageContent(string text) => FromText(text);
}

using System.Text.Json.Serialization;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Responses;

/// <summary>An item's <c>content</c>: a string (input messages only) or a list of parts. Written back in the form it came.</summary>
[JsonConverter(typeof(ResponseContentConverter))]
public sealed class ResponseContent
{
    private ResponseContent(string? text, List<ResponseContentPart>? parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>Set when content was a string.</summary>
    public string? Text { get; }

    /// <summary>Set when content was a list.</summary>
    public List<ResponseContentPart>? Parts { get; }

    public static ResponseContent FromText(string text) => new(text, null);

    public static ResponseContent FromParts(List<ResponseContentPart> parts) => new(null, parts);

    /// <summary>The text a prompt sees: the string, or the parts' texts joined by a newline.</summary>
    public string GetText() => Parts is null ? Text ?? "" : string.Join("\n", Parts.Select(p => p.Text ?? p.Refusal ?? ""));
}

using System.Text.Json.Serialization;
using Synapse.OpenAI.Serialization;

namespace Synapse.OpenAI.Responses;

/// <summary>A request's <c>input</c>: a string (one user message) or a list of items.</summary>
[JsonConverter(typeof(ResponseInputConverter))]
public sealed class ResponseInput
{
    private ResponseInput(string? text, List<ResponseItem?>? items)
    {
        Text = text;
        Items = items;
    }

    /// <summary>Set when input was a string.</summary>
    public string? Text { get; }

    /// <summary>Set when input was a list (entries may be null: the validator refuses them).</summary>
    public List<ResponseItem?>? Items { get; }

    public static ResponseInput FromText(string text) => new(text, null);

    public static ResponseInput FromItems(List<ResponseItem?> items) => new(null, items);
}

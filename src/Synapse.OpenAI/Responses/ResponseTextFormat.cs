using System.Text.Json;

namespace Synapse.OpenAI.Responses;

/// <summary><c>text.format</c>: <c>text</c>, <c>json_object</c> or <c>json_schema</c> (flat: name, schema, strict, description).</summary>
public sealed class ResponseTextFormat
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? Schema { get; set; }
    public bool? Strict { get; set; }
}

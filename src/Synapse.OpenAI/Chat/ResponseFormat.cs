using System.Text.Json;

namespace Synapse.OpenAI.Chat;

/// <summary><c>response_format</c>: <c>text</c>, <c>json_object</c> or <c>json_schema</c> (with its schema kept verbatim).</summary>
public sealed class ResponseFormat
{
    public const string TextType = "text";
    public const string JsonObjectType = "json_object";
    public const string JsonSchemaType = "json_schema";

    public string? Type { get; set; }
    public JsonElement? JsonSchema { get; set; }
}

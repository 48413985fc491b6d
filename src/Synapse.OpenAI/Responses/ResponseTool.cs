using System.Text.Json;

namespace Synapse.OpenAI.Responses;

/// <summary>An entry of <c>tools</c>, in the Responses API's flat shape: <c>{"type": "function", "name", "description", "parameters", "strict"}</c>.</summary>
public sealed class ResponseTool
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The JSON Schema of the arguments, kept verbatim.</summary>
    public JsonElement? Parameters { get; set; }

    public bool? Strict { get; set; }
}

using System.Text.Json;

namespace Synapse.OpenAI.Chat;

public sealed class ChatFunctionDefinition
{
    public string? Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The JSON Schema of the arguments, kept verbatim.</summary>
    public JsonElement? Parameters { get; set; }

    public bool? Strict { get; set; }
}

namespace Synapse.OpenAI.Chat;

public sealed class ChatFunctionCall
{
    public string? Name { get; set; }

    /// <summary>JSON text, as OpenAI sends it (a string, not an object).</summary>
    public string? Arguments { get; set; }
}

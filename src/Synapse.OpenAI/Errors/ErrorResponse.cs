namespace Synapse.OpenAI.Errors;

/// <summary>OpenAI's error envelope: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
public sealed class ErrorResponse
{
    public OpenAIError Error { get; set; } = new();
}

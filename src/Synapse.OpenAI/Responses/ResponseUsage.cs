namespace Synapse.OpenAI.Responses;

/// <summary>A response's token counts, in the Responses API's names.</summary>
public sealed class ResponseUsage
{
    public int InputTokens { get; set; }
    public ResponseInputTokensDetails InputTokensDetails { get; set; } = new();
    public int OutputTokens { get; set; }
    public ResponseOutputTokensDetails OutputTokensDetails { get; set; } = new();
    public int TotalTokens { get; set; }
}

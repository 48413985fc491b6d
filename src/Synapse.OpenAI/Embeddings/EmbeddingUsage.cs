namespace Synapse.OpenAI.Embeddings;

/// <summary>An embeddings answer's usage: tokens read, and the same total (nothing is generated).</summary>
public sealed class EmbeddingUsage
{
    public int PromptTokens { get; set; }
    public int TotalTokens { get; set; }
}

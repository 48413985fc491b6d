namespace Synapse.OpenAI.Embeddings;

/// <summary>OpenAI's CreateEmbeddingResponse: <c>{"object": "list", "data": [...], "model", "usage"}</c>.</summary>
public sealed class EmbeddingResponse
{
    public string Object { get; set; } = "list";
    public List<EmbeddingData> Data { get; set; } = [];
    public required string Model { get; set; }
    public required EmbeddingUsage Usage { get; set; }
}

namespace Synapse.OpenAI.Embeddings;

/// <summary>One entry of an embeddings answer: <c>{"object": "embedding", "index": 0, "embedding": [...]}</c>.</summary>
public sealed class EmbeddingData
{
    public string Object { get; set; } = "embedding";
    public int Index { get; set; }
    public required EmbeddingVector Embedding { get; set; }
}

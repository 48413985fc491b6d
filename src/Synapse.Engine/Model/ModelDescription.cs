namespace Synapse.Engine.Model;

/// <summary>What was loaded, for the startup log, /v1/models and the prompt renderer.</summary>
public sealed record ModelDescription
{
    public required string Path { get; init; }
    public required string Architecture { get; init; }
    /// <summary>llama.cpp's one-line description, e.g. "llama 135M Q8_0".</summary>
    public required string Description { get; init; }
    public required long ParameterCount { get; init; }
    public required long SizeBytes { get; init; }
    public required string FileType { get; init; }
    public required int TrainContextLength { get; init; }
    public required int VocabularySize { get; init; }
    public string? ChatTemplate { get; init; }
    public string? BosToken { get; init; }
    public string? EosToken { get; init; }
    public bool AddBos { get; init; }
    /// <summary>Values of the model's hidden state (n_embd): an embedding model's vector length.</summary>
    public int EmbeddingLength { get; init; }
    /// <summary>Set for an embedding model (the GGUF names a pooling type, or the model is a BERT encoder); null for a generative model.</summary>
    public EmbeddingPooling? Pooling { get; init; }
    /// <summary>Whether embeddings are L2-normalised after pooling (sentence-transformers' Normalize module; true unless the GGUF says otherwise).</summary>
    public bool NormalizeEmbeddings { get; init; } = true;
    /// <summary>An embedding model: it answers /v1/embeddings and nothing that generates.</summary>
    public bool IsEmbeddingModel => Pooling is not null;
    /// <summary>Which native CPU build of llama.cpp was loaded (avx512, avx2, avx, noavx).</summary>
    public required string NativeVariant { get; init; }
}

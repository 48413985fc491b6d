namespace Synapse.Engine.Model;

/// <summary>How an embedding model turns its per-token states into one vector (llama.cpp's pooling types).</summary>
public enum EmbeddingPooling
{
    /// <summary>The average of every token's state.</summary>
    Mean,

    /// <summary>The first token's ([CLS]) state.</summary>
    Cls,

    /// <summary>The last token's state (Qwen3-Embedding and other decoder embedding models).</summary>
    Last,
}

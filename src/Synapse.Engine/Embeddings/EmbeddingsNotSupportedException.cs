namespace Synapse.Engine.Embeddings;

/// <summary>
/// The loaded model cannot do what was asked: embeddings from a generative model, or generation from an embedding
/// model. A client error (400), not a fault of the server.
/// </summary>
public sealed class EmbeddingsNotSupportedException(string message) : InvalidOperationException(message);

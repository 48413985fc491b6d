using Synapse.Engine;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Embeddings;

/// <summary>
/// What the served model can answer: an embedding model only embeddings, a generative model everything else. Asking
/// the other kind is the client's error (400 naming <c>model</c>), as with OpenAI's own embedding models.
/// </summary>
public static class ModelCapabilities
{
    public static ApiError NoEmbeddings(string model) =>
        ApiError.InvalidValue("model", $"model {model} does not support embeddings");

    public static ApiError EmbeddingsOnly(string model, string endpoint) =>
        ApiError.InvalidValue("model", $"model {model} is an embedding model and does not support {endpoint}; use /v1/embeddings");

    /// <summary>Throws <see cref="EmbeddingsOnly"/> when the loaded model is an embedding model.</summary>
    public static void EnsureGenerative(IInferenceEngine engine, string model, string endpoint)
    {
        if (engine.Model.IsEmbeddingModel)
        {
            throw EmbeddingsOnly(model, endpoint);
        }
    }
}

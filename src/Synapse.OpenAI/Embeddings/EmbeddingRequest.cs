using Synapse.OpenAI.Completions;

namespace Synapse.OpenAI.Embeddings;

/// <summary><c>POST /v1/embeddings</c>.</summary>
public sealed class EmbeddingRequest
{
    /// <summary>OpenAI's limit on inputs per request.</summary>
    public const int MaxInputs = 2048;

    /// <summary>A string, strings, token ids or lists of token ids: one embedding per text or token list.</summary>
    public PromptInput? Input { get; set; }

    public string? Model { get; set; }

    /// <summary><c>float</c> (the default) or <c>base64</c>.</summary>
    public string? EncodingFormat { get; set; }

    /// <summary>Keep the first this many values, then re-normalise.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Accepted and ignored, as the end-user id is only for OpenAI's abuse monitoring.</summary>
    public string? User { get; set; }
}

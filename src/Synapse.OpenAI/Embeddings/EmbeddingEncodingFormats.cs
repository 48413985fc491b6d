namespace Synapse.OpenAI.Embeddings;

/// <summary>The values of <c>encoding_format</c>.</summary>
public static class EmbeddingEncodingFormats
{
    public const string Float = "float";

    /// <summary>The float32 values' little-endian bytes, base64-encoded (what OpenAI's SDKs ask for by default).</summary>
    public const string Base64 = "base64";

    public static IReadOnlyList<string> All { get; } = [Float, Base64];
}

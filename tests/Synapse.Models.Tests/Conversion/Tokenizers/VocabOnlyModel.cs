using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>
/// Writes a vocab-only GGUF that llama.cpp can load: the architecture and hyper-parameter keys of llama.cpp's own
/// vocab file (llama.cpp reads them even with vocab_only) and every tokenizer key from our import.
/// </summary>
internal static class VocabOnlyModel
{
    public static void Write(string path, string referenceVocabPath, GgufTokenizer tokenizer)
    {
        var reference = GgufReader.ReadFile(referenceVocabPath).Metadata;
        var metadata = new GgufMetadata();
        foreach (var (key, value) in reference)
        {
            if (!key.StartsWith("tokenizer.", StringComparison.Ordinal))
            {
                metadata.Add(key, value);
            }
        }

        Save(path, metadata, tokenizer);
    }

    /// <summary>Our tokenizer keys under the few llama hyper-parameters llama.cpp reads even for vocab_only.</summary>
    public static void WriteWithLlamaHeader(string path, GgufTokenizer tokenizer)
    {
        var metadata = new GgufMetadata();
        metadata.Add("general.architecture", GgufValue.Of("llama"));
        metadata.Add("llama.context_length", GgufValue.Of(256u));
        metadata.Add("llama.embedding_length", GgufValue.Of(64u));
        metadata.Add("llama.block_count", GgufValue.Of(1u));
        metadata.Add("llama.feed_forward_length", GgufValue.Of(128u));
        metadata.Add("llama.attention.head_count", GgufValue.Of(4u));
        metadata.Add("llama.attention.layer_norm_rms_epsilon", GgufValue.Of(1e-5f));
        Save(path, metadata, tokenizer);
    }

    private static void Save(string path, GgufMetadata metadata, GgufTokenizer tokenizer)
    {
        tokenizer.WriteTo(metadata);
        using var writer = GgufWriter.Create(path, metadata);
        writer.WriteHeader();
        writer.Finish();
    }
}

using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Conversion.Tokenizers;

/// <summary>
/// Writes a vocab-only GGUF that llama.cpp can load: the architecture and hyper-parameter keys of llama.cpp's own
/// vocab file (llama.cpp reads them even with vocab_only) and every tokenizer key from our import.
/// </summary>
internal static class VocabOnlyModel
{
    public static void Write(string path, string referenceVocabPath, HfTokenizer tokenizer)
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

        tokenizer.WriteTo(metadata);
        using var writer = GgufWriter.Create(path, metadata);
        writer.WriteHeader();
        writer.Finish();
    }
}

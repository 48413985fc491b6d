using System.Text;
using LLama.Native;

namespace Synapse.Engine.Model;

/// <summary>Reads what the startup log and /v1/models show from a loaded model.</summary>
internal static class ModelDescriptionReader
{
    public static ModelDescription Read(string path, SafeLlamaModelHandle model, string nativeVariant)
    {
        var vocab = model.Vocab;
        var architecture = Metadata(model, "general.architecture") ?? "unknown";
        return new ModelDescription
        {
            EmbeddingLength = model.EmbeddingSize,
            Pooling = Pooling(model, architecture),
            NormalizeEmbeddings = Metadata(model, NormalizeKey) is not "false",
            Path = path,
            Architecture = architecture,
            Description = model.Description,
            ParameterCount = (long)model.ParameterCount,
            SizeBytes = new FileInfo(path).Length,
            FileType = FileTypeName(model.FileType),
            TrainContextLength = model.ContextSize,
            VocabularySize = vocab.Count,
            ChatTemplate = Metadata(model, "tokenizer.chat_template"),
            BosToken = vocab.BOS is { } bos ? vocab.LLamaTokenToString(bos, true) : null,
            EosToken = vocab.EOS is { } eos ? vocab.LLamaTokenToString(eos, true) : null,
            AddBos = vocab.ShouldAddBOS,
            NativeVariant = nativeVariant,
        };
    }

    /// <summary>Synapse's GGUF key for sentence-transformers' Normalize module (written by the converter).</summary>
    private const string NormalizeKey = "synapse.embedding.normalize";

    /// <summary>
    /// <c>{arch}.pooling_type</c> (llama_pooling_type: 1 mean, 2 CLS, 3 last). A BERT encoder without one still only
    /// embeds: it takes mean pooling, sentence-transformers' default. Rank (rerankers) and none are not embedding models.
    /// </summary>
    private static EmbeddingPooling? Pooling(SafeLlamaModelHandle model, string architecture) =>
        Metadata(model, $"{architecture}.pooling_type") switch
        {
            "1" => EmbeddingPooling.Mean,
            "2" => EmbeddingPooling.Cls,
            "3" => EmbeddingPooling.Last,
            null when architecture is "bert" => EmbeddingPooling.Mean,
            _ => null,
        };

    /// <summary>
    /// A string metadata value, or null. Read by index: LLamaSharp's by-key read was seen to answer nothing for keys
    /// that exist once the same handle had been read before.
    /// </summary>
    private static string? Metadata(SafeLlamaModelHandle model, string key)
    {
        var count = (int)model.MetadataCount;
        for (var i = 0; i < count; i++)
        {
            if (model.MetadataKeyByIndex(i) is { } name && Text(name) == key)
            {
                return model.MetadataValueByIndex(i) is { } value ? Text(value) : null;
            }
        }

        return null;
    }

    private static string Text(Memory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span).TrimEnd('\0');

    /// <summary>llama.cpp's names for file types (LLAMA_FTYPE_*), as llama_model_ftype_name prints them.</summary>
    private static string FileTypeName(LLamaFtype type)
    {
        var name = type.ToString();
        if (name.StartsWith("LLAMA_FTYPE_", StringComparison.Ordinal))
        {
            name = name["LLAMA_FTYPE_".Length..];
        }

        const string prefix = "MOSTLY_";
        if (name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return name[prefix.Length..];
        }

        return name switch
        {
            "ALL_F32" => "F32",
            _ => name,
        };
    }
}

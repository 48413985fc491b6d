using Synapse.Models.Gguf;

namespace Synapse.Models.Tests.Conversion;

/// <summary>
/// A stand-in SentencePiece vocabulary of a given size (unk, bos, eos, the 256 byte tokens, plain pieces, a few chat
/// markers), for
/// tests of the tensor side of the conversion: checks by token id need a loadable vocabulary, not the real one.
/// </summary>
internal static class PlaceholderTokenizer
{
    /// <summary>Chat markers some llama.cpp architectures look up by text when loading the vocabulary (phi3).</summary>
    private static readonly string[] Markers = ["<|endoftext|>", "<|end|>", "<|user|>", "<|assistant|>", "<|system|>"];

    public static GgufTokenizer Create(int count)
    {
        var tokens = new string[count];
        var types = new LlamaTokenType[count];
        for (var i = 0; i < count; i++)
        {
            (tokens[i], types[i]) = i switch
            {
                0 => ("<unk>", LlamaTokenType.Unknown),
                1 => ("<s>", LlamaTokenType.Control),
                2 => ("</s>", LlamaTokenType.Control),
                < 259 => ($"<0x{i - 3:X2}>", LlamaTokenType.Byte),
                _ when i >= count - Markers.Length => (Markers[count - 1 - i], LlamaTokenType.Control),
                _ => ($"▁p{i}", LlamaTokenType.Normal),
            };
        }

        return new GgufTokenizer
        {
            Model = "llama",
            Pre = "default",
            Tokens = tokens,
            Scores = Enumerable.Range(0, count).Select(i => -(float)i).ToArray(),
            TokenTypes = types,
            BosTokenId = 1,
            EosTokenId = 2,
            UnkTokenId = 0,
            AddBos = false,
            AddEos = false,
        };
    }

    /// <summary>The importer signature the converter takes: a placeholder as large as config.json's vocab_size.</summary>
    public static GgufTokenizer Import(string directory, int? configVocabSize) =>
        Create(configVocabSize ?? throw new InvalidOperationException($"{directory}: config.json has no vocab_size."));
}

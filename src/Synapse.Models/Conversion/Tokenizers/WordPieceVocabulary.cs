using System.Text.Json;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// WordPiece vocabularies ("bert" in llama.cpp) as <c>BertModel.set_vocab</c> builds them: <c>get_vocab_base</c>'s
/// tokens and types (special added tokens are control tokens), then llama.cpp's phantom-space form: a word-initial
/// piece gets U+2581, a <c>##</c> continuation loses its prefix, control tokens stay as they are.
/// </summary>
internal static class WordPieceVocabulary
{
    public static bool IsWordPiece(JsonElement tokenizerJson) =>
        tokenizerJson.Property("model") is { } model && model.String("type") == "WordPiece";

    public static (List<string> Tokens, List<LlamaTokenType> Types) Read(HfModelDirectory directory, int? configVocabSize)
    {
        var vocab = directory.TokenizerJsonRoot is { } json
            ? FromTokenizerJson(json)
            : directory.HasFile("vocab.txt")
                ? FromVocabText(directory.FilePath("vocab.txt"))
                : throw new InvalidDataException($"'{directory.Path}' has neither tokenizer.json nor vocab.txt: no WordPiece vocabulary.");
        var added = AddedTokens.Read(directory);
        var size = Math.Max(configVocabSize ?? 0, vocab.Count);
        var tokens = new List<string>(size);
        var types = new List<LlamaTokenType>(size);
        for (var i = 0; i < size; i++)
        {
            if (i >= vocab.Count || vocab[i] is not { } token)
            {
                tokens.Add($"[PAD{i}]");
                types.Add(LlamaTokenType.Unused);
                continue;
            }

            var type = added.TryGetValue(i, out var info) && info.Content == token
                ? info.Special || AddedTokens.LooksSpecial(token) ? LlamaTokenType.Control : LlamaTokenType.UserDefined
                : LlamaTokenType.Normal;
            types.Add(type);
            tokens.Add(Phantom(token, type));
        }

        return (tokens, types);
    }

    /// <summary>BertModel.set_vocab's <c>phantom</c>.</summary>
    private static string Phantom(string token, LlamaTokenType type) =>
        type == LlamaTokenType.Control ? token
        : token.StartsWith("##", StringComparison.Ordinal) ? token[2..]
        : "\u2581" + token;

    private static List<string?> FromTokenizerJson(JsonElement json)
    {
        if (!IsWordPiece(json))
        {
            throw new UnsupportedTokenizerException($"tokenizer.json holds a '{json.Property("model")?.String("type")}' model, not WordPiece.");
        }

        if (json.Property("model")?.Property("vocab") is not { ValueKind: JsonValueKind.Object } vocab)
        {
            throw new InvalidDataException("tokenizer.json model.vocab must be an object of token → id.");
        }

        var list = new List<string?>();
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw new InvalidDataException($"tokenizer.json model.vocab: token '{entry.Name}' has no valid id.");
            }

            while (list.Count <= id)
            {
                list.Add(null);
            }

            list[id] = entry.Name;
        }

        return list;
    }

    /// <summary>vocab.txt: one token a line, the line number its id.</summary>
    private static List<string?> FromVocabText(string path) =>
        File.ReadLines(path).Select(line => (string?)line.TrimEnd('\r')).ToList();
}

using System.Text.Json;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// SentencePiece vocabularies ("llama" in llama.cpp) as <c>_create_vocab_sentencepiece</c> (and Phi-3's variant of it)
/// builds them: from tokenizer.model, or — where a repository ships none — from tokenizer.json's Unigram or
/// byte-fallback BPE model.
/// </summary>
internal static class SentencePieceVocabulary
{
    /// <summary>Score llama.cpp gives added tokens.</summary>
    public const float AddedTokenScore = -1000f;

    /// <summary>Score of the [PADn] tokens that fill the vocabulary up to config.json's vocab_size.</summary>
    public const float PaddingScore = -10000f;

    /// <param name="phi3">Phi-3's converter: added tokens from tokenizer_config.json and tokenizer.json, typed by their special flag only.</param>
    public static (List<string> Tokens, List<float> Scores, List<LlamaTokenType> Types, SentencePieceModel? Model) Read(
        HfModelDirectory directory, int? configVocabSize, bool phi3)
    {
        SentencePieceModel? model = null;
        IReadOnlyList<SentencePiece> pieces;
        if (directory.HasFile("tokenizer.model"))
        {
            model = SentencePieceModelReader.Read(directory.FilePath("tokenizer.model"));
            pieces = model.Pieces;
        }
        else if (directory.TokenizerJsonRoot is { } json && SentencePieceJsonPieces.IsSentencePieceJson(json))
        {
            pieces = SentencePieceJsonPieces.Read(json);
        }
        else
        {
            throw new InvalidDataException($"'{directory.Path}' has no tokenizer.model and no SentencePiece-style tokenizer.json.");
        }

        var size = configVocabSize ?? pieces.Count;
        var tokens = new List<string>(size);
        var scores = new List<float>(size);
        var types = new List<LlamaTokenType>(size);
        for (var i = 0; i < size; i++)
        {
            tokens.Add($"[PAD{i}]");
            scores.Add(PaddingScore);
            types.Add(LlamaTokenType.Unused);
        }

        for (var i = 0; i < pieces.Count && i < size; i++)
        {
            var piece = pieces[i];
            tokens[i] = piece.Piece;
            scores[i] = piece.Score;

            // llama.cpp asks IsUnknown/IsControl/IsUnused/IsByte; user-defined pieces stay NORMAL there.
            types[i] = piece.Type switch
            {
                SentencePieceType.Unknown => LlamaTokenType.Unknown,
                SentencePieceType.Control => LlamaTokenType.Control,
                SentencePieceType.Unused => LlamaTokenType.Unused,
                SentencePieceType.Byte => LlamaTokenType.Byte,
                _ => LlamaTokenType.Normal,
            };
        }

        ApplyAddedTokensJson(directory, tokens, scores, types);
        if (phi3)
        {
            foreach (var token in AddedTokens.FromTokenizerConfig(directory).Concat(AddedTokens.FromTokenizerJson(directory)))
            {
                if (token.Id < size)
                {
                    tokens[token.Id] = token.Content;
                    scores[token.Id] = AddedTokenScore;
                    types[token.Id] = token.Special ? LlamaTokenType.Control : LlamaTokenType.UserDefined;
                }
            }
        }
        else
        {
            // Without tokenizer.model, tokenizer.json's added tokens are the only record of them.
            var added = model is null ? AddedTokens.FromTokenizerJson(directory).Concat(AddedTokens.FromTokenizerConfig(directory)) : AddedTokens.FromTokenizerConfig(directory);
            foreach (var token in added)
            {
                if (token.Id >= size)
                {
                    continue;
                }

                var text = token.Content;
                if (token.Special || AddedTokens.LooksSpecial(text))
                {
                    types[token.Id] = LlamaTokenType.Control;
                }
                else
                {
                    text = text.Replace('\u2581', ' ');
                    types[token.Id] = LlamaTokenType.UserDefined;
                }

                scores[token.Id] = AddedTokenScore;
                tokens[token.Id] = text;
            }
        }

        return (tokens, scores, types, model);
    }

    private static void ApplyAddedTokensJson(HfModelDirectory directory, List<string> tokens, List<float> scores, List<LlamaTokenType> types)
    {
        using var document = TokenizerJson.TryLoad(directory.Path, "added_tokens.json");
        if (document is null)
        {
            return;
        }

        foreach (var entry in document.RootElement.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt32(out var id) && id >= 0 && id < tokens.Count)
            {
                tokens[id] = entry.Name;
                scores[id] = AddedTokenScore;
                types[id] = LlamaTokenType.UserDefined;
            }
        }
    }
}

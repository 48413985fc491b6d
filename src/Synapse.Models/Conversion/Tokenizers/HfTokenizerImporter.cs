using System.Text.Json;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// Imports the tokenizer of a Hugging Face model directory the way llama.cpp's <c>convert_hf_to_gguf.py</c> does
/// (its <c>set_vocab</c> per architecture, <c>get_vocab_base</c>, <c>_create_vocab_sentencepiece</c> and gguf-py's
/// <c>SpecialVocab</c>), without Python: tokenizer.json, vocab.json + merges.txt, tokenizer.model (protobuf),
/// tokenizer_config.json, special_tokens_map.json, added_tokens.json, generation_config.json and config.json.
/// </summary>
public static class HfTokenizerImporter
{
    /// <summary>
    /// Reads the tokenizer files in <paramref name="modelDirectory"/>. <paramref name="configVocabSize"/> is
    /// config.json's vocab_size (null: read it from config.json, else the tokenizer's own size); the vocabulary is
    /// padded up to it with [PADn] tokens as llama.cpp does.
    /// </summary>
    /// <exception cref="InvalidDataException">The files are missing or malformed.</exception>
    /// <exception cref="UnsupportedTokenizerException">The tokenizer is of a kind llama.cpp cannot represent.</exception>
    public static GgufTokenizer Import(string modelDirectory, int? configVocabSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        using var directory = new HfModelDirectory(modelDirectory);
        var vocabSize = configVocabSize ?? directory.Config?.Int("vocab_size") ?? directory.TextConfig?.Int("vocab_size");
        if (vocabSize is <= 0)
        {
            throw new InvalidDataException($"The vocabulary size must be positive, got {vocabSize}.");
        }

        var modelType = directory.ModelType;
        var kind = ChooseKind(directory, modelType);
        var imported = kind switch
        {
            VocabularyKind.ByteLevelBpe => ImportByteLevelBpe(directory, vocabSize),
            VocabularyKind.SentencePiece => ImportSentencePiece(directory, vocabSize, phi3: false),
            VocabularyKind.Phi3SentencePiece => ImportSentencePiece(directory, vocabSize, phi3: true),
            VocabularyKind.Tiktoken => ImportTiktoken(directory, vocabSize),
            VocabularyKind.WordPiece => ImportWordPiece(directory, vocabSize),
            _ => throw new System.Diagnostics.UnreachableException($"Unknown vocabulary kind {kind}."),
        };
        return ApplyArchitectureRules(directory, modelType, vocabSize, imported);
    }

    private static VocabularyKind ChooseKind(HfModelDirectory directory, string? modelType)
    {
        var hasSentencePieceModel = directory.HasFile("tokenizer.model");
        if (hasSentencePieceModel && !SentencePieceModelReader.LooksLikeProtobuf(directory.FilePath("tokenizer.model")))
        {
            // Llama 3 repositories may carry Meta's tiktoken ranks as tokenizer.model; tokenizer.json says the same
            // and more (its own special tokens), so it wins where present.
            if (directory.TokenizerJsonRoot is not null)
            {
                hasSentencePieceModel = false;
            }
            else if (TiktokenVocabulary.LooksLikeTiktoken(directory.FilePath("tokenizer.model")))
            {
                return VocabularyKind.Tiktoken;
            }
            else
            {
                throw new UnsupportedTokenizerException(
                    $"'{directory.FilePath("tokenizer.model")}' is neither a SentencePiece model nor tiktoken ranks, and there is no tokenizer.json.");
            }
        }

        if (modelType == "bert" || (directory.TokenizerJsonRoot is { } wordPiece && WordPieceVocabulary.IsWordPiece(wordPiece)))
        {
            return VocabularyKind.WordPiece;
        }

        var jsonIsSentencePiece = directory.TokenizerJsonRoot is { } json && SentencePieceJsonPieces.IsSentencePieceJson(json);
        var jsonIsByteLevel = directory.TokenizerJsonRoot is { } j && ByteLevelBpeVocabulary.IsByteLevelBpe(j);
        switch (modelType)
        {
            case "gpt2":
                return VocabularyKind.ByteLevelBpe;
            case "phi3":
                // Phi-4 reuses the phi3 architecture with a GPT-2 style tokenizer.
                return directory.TokenizerClass == "GPT2Tokenizer" || (!hasSentencePieceModel && jsonIsByteLevel)
                    ? VocabularyKind.ByteLevelBpe
                    : VocabularyKind.Phi3SentencePiece;
            case "gemma3" or "gemma3_text":
                return hasSentencePieceModel || jsonIsSentencePiece ? VocabularyKind.SentencePiece : VocabularyKind.ByteLevelBpe;
            case "gemma" or "gemma2":
                return VocabularyKind.SentencePiece;
            default:
                // llama, mistral, qwen2, qwen3 and anything else: tokenizer.model first, then a SentencePiece-style
                // tokenizer.json, then byte-level BPE (Llama 3, Qwen).
                if (hasSentencePieceModel || jsonIsSentencePiece)
                {
                    return VocabularyKind.SentencePiece;
                }

                return directory.TokenizerJsonRoot is not null || directory.HasFile("vocab.json")
                    ? VocabularyKind.ByteLevelBpe
                    : throw new InvalidDataException(
                        $"'{directory.Path}' has no tokenizer: expected tokenizer.json, tokenizer.model or vocab.json + merges.txt.");
        }
    }

    private static GgufTokenizer ImportByteLevelBpe(HfModelDirectory directory, int? vocabSize)
    {
        var (tokens, types, merges, pre) = ByteLevelBpeVocabulary.Read(directory, vocabSize);
        var special = SpecialTokenReader.Read(directory, vocabularySize: null);
        return Build(directory, "gpt2", pre, tokens, scores: null, types, merges, special);
    }

    /// <summary>
    /// Meta's tiktoken Llama 3 tokenizer.model. Without a tokenizer_config.json naming them, BOS and EOS are
    /// &lt;|begin_of_text|&gt; and &lt;|end_of_text|&gt; and BOS is added, as in Meta's tokenizer.
    /// </summary>
    private static GgufTokenizer ImportTiktoken(HfModelDirectory directory, int? vocabSize)
    {
        var (tokens, types, merges) = TiktokenVocabulary.Read(directory.FilePath("tokenizer.model"), vocabSize);
        var special = SpecialTokenReader.Read(directory, tokens.Count);
        var bos = tokens.IndexOf("<|begin_of_text|>");
        var eos = tokens.IndexOf("<|end_of_text|>");
        if (bos >= 0)
        {
            special.Ids.TryAdd("bos", bos);
            special.Add.TryAdd("bos", true);
        }

        if (eos >= 0)
        {
            special.Ids.TryAdd("eos", eos);
        }

        return Build(directory, "gpt2", "llama-bpe", tokens, scores: null, types, merges, special);
    }

    /// <summary>
    /// BertModel.set_vocab: the WordPiece tokens in phantom-space form and the token-type count (type_vocab_size,
    /// which llama.cpp checks the token_types tensor against). llama.cpp's WordPiece tokenizer ignores the
    /// pre-tokenizer name; "default" stands where the converter would write its tokenizer hash's name.
    /// </summary>
    private static GgufTokenizer ImportWordPiece(HfModelDirectory directory, int? vocabSize)
    {
        var (tokens, types) = WordPieceVocabulary.Read(directory, vocabSize);
        var special = SpecialTokenReader.Read(directory, tokens.Count);
        var built = Build(directory, "bert", "default", tokens, scores: null, types, merges: [], special);
        return new GgufTokenizer
        {
            Model = built.Model,
            Pre = built.Pre,
            Tokens = built.Tokens,
            TokenTypes = built.TokenTypes,
            BosTokenId = built.BosTokenId,
            EosTokenId = built.EosTokenId,
            UnkTokenId = built.UnkTokenId,
            SepTokenId = built.SepTokenId,
            PadTokenId = built.PadTokenId,
            ClsTokenId = built.ClsTokenId,
            MaskTokenId = built.MaskTokenId,
            AddBos = built.AddBos,
            AddEos = built.AddEos,
            AddSep = built.AddSep,
            EndOfGenerationTokenIds = built.EndOfGenerationTokenIds,
            TokenTypeCount = directory.Config?.Int("type_vocab_size") ?? 1,
        };
    }

    private static GgufTokenizer ImportSentencePiece(HfModelDirectory directory, int? vocabSize, bool phi3)
    {
        var (tokens, scores, types, _) = SentencePieceVocabulary.Read(directory, vocabSize, phi3);
        var special = SpecialTokenReader.Read(directory, tokens.Count);
        return Build(directory, "llama", "default", tokens, scores, types, merges: [], special);
    }

    private static GgufTokenizer Build(
        HfModelDirectory directory, string model, string pre, List<string> tokens, List<float>? scores, List<LlamaTokenType> types,
        List<string> merges, SpecialTokenSettings special)
    {
        int? Id(string type) => special.Ids.TryGetValue(type, out var id) ? id : null;
        bool? Add(string type) => special.Add.TryGetValue(type, out var add) ? add : null;
        return new GgufTokenizer
        {
            Model = model,
            Pre = pre,
            Tokens = tokens,
            Scores = scores,
            TokenTypes = types,
            Merges = merges,
            BosTokenId = Id("bos"),
            EosTokenId = Id("eos"),
            UnkTokenId = Id("unk"),
            SepTokenId = Id("sep"),
            PadTokenId = Id("pad"),
            ClsTokenId = Id("cls"),
            MaskTokenId = Id("mask"),
            AddBos = Add("bos"),
            AddEos = Add("eos"),
            AddSep = Add("sep"),
            ChatTemplate = special.ChatTemplate,
            NamedChatTemplates = special.NamedChatTemplates,
            EndOfGenerationTokenIds = EndOfGeneration(directory, Id("eos"), tokens.Count),
        };
    }

    /// <summary>Per-architecture additions llama.cpp's model classes make after the shared vocabulary code.</summary>
    private static GgufTokenizer ApplyArchitectureRules(HfModelDirectory directory, string? modelType, int? vocabSize, GgufTokenizer tokenizer)
    {
        switch (modelType)
        {
            case "gemma":
                // GemmaModel.set_vocab: CodeGemma's end-of-turn id, and no SentencePiece space prefix.
                return With(tokenizer, eot: tokenizer.EotTokenId ?? 107, addSpacePrefix: false);
            case "gemma2":
                return With(tokenizer, addSpacePrefix: false);
            case "gemma3" or "gemma3_text" when tokenizer.Model == "llama":
                return With(tokenizer, addSpacePrefix: false);
            case "llama" or "mistral":
                var result = tokenizer;
                if (vocabSize == 32016)
                {
                    // CodeLlama's infill vocabulary: <EOT> is 32010.
                    result = With(result, eot: result.EotTokenId ?? 32010);
                }

                if (directory.TokenizerConfig?.Bool("add_prefix_space") is { } addPrefixSpace)
                {
                    result = With(result, addSpacePrefix: addPrefixSpace);
                }

                if (vocabSize == 49152)
                {
                    // Granite's small models: llama.cpp turns BOS off.
                    result = With(result, addBos: false);
                }

                return result;
            default:
                return tokenizer;
        }
    }

    private static GgufTokenizer With(GgufTokenizer t, int? eot = null, bool? addSpacePrefix = null, bool? addBos = null) => new()
    {
        Model = t.Model,
        Pre = t.Pre,
        Tokens = t.Tokens,
        Scores = t.Scores,
        TokenTypes = t.TokenTypes,
        Merges = t.Merges,
        BosTokenId = t.BosTokenId,
        EosTokenId = t.EosTokenId,
        UnkTokenId = t.UnkTokenId,
        SepTokenId = t.SepTokenId,
        PadTokenId = t.PadTokenId,
        ClsTokenId = t.ClsTokenId,
        MaskTokenId = t.MaskTokenId,
        EotTokenId = eot ?? t.EotTokenId,
        EomTokenId = t.EomTokenId,
        EndOfGenerationTokenIds = eot is { } e && !t.EndOfGenerationTokenIds.Contains(e) ? [.. t.EndOfGenerationTokenIds, e] : t.EndOfGenerationTokenIds,
        AddBos = addBos ?? t.AddBos,
        AddEos = t.AddEos,
        AddSep = t.AddSep,
        AddSpacePrefix = addSpacePrefix ?? t.AddSpacePrefix,
        ChatTemplate = t.ChatTemplate,
        NamedChatTemplates = t.NamedChatTemplates,
    };

    /// <summary>generation_config.json's eos_token_id (a number or a list) plus EOS, in range, first-seen order.</summary>
    private static List<int> EndOfGeneration(HfModelDirectory directory, int? eos, int vocabularySize)
    {
        var ids = new List<int>();
        void Add(int id)
        {
            if (id >= 0 && id < vocabularySize && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        if (eos is { } e)
        {
            Add(e);
        }

        switch (directory.GenerationConfig?.Property("eos_token_id"))
        {
            case { ValueKind: JsonValueKind.Number } single when single.TryGetInt32(out var id):
                Add(id);
                break;
            case { ValueKind: JsonValueKind.Array } list:
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var id))
                    {
                        Add(id);
                    }
                }

                break;
            default:
                break;
        }

        return ids;
    }
}

using System.Text.Json;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// Byte-level BPE vocabularies ("gpt2" in llama.cpp) as <c>get_vocab_base</c> + <c>_set_vocab_gpt2</c> build them:
/// from tokenizer.json, or from vocab.json + merges.txt (+ added_tokens.json) where a repository has only those.
/// </summary>
internal static class ByteLevelBpeVocabulary
{
    public static bool IsByteLevelBpe(JsonElement tokenizerJson) =>
        tokenizerJson.Property("model") is { } model && model.String("type") == "BPE" && model.Bool("byte_fallback") != true;

    public static (List<string> Tokens, List<LlamaTokenType> Types, List<string> Merges, string Pre) Read(
        HfModelDirectory directory, int? configVocabSize)
    {
        Dictionary<string, int> vocab;
        List<string> merges;
        string pre;
        SortedDictionary<int, AddedToken> added;
        if (directory.TokenizerJsonRoot is { } json)
        {
            var model = json.Property("model") ?? throw new InvalidDataException("tokenizer.json has no 'model'.");
            if (!IsByteLevelBpe(json))
            {
                throw new UnsupportedTokenizerException(
                    $"tokenizer.json holds a '{model.String("type")}' model{(model.Bool("byte_fallback") == true ? " with byte fallback" : string.Empty)}, not a byte-level BPE.");
            }

            vocab = ReadVocabObject(model.Property("vocab"), "tokenizer.json model.vocab");
            merges = BpeMerges.FromTokenizerJson(model.Property("merges"));
            pre = PreTokenizerDetector.Detect(json.Property("pre_tokenizer"), directory.ModelType);
            added = AddedTokens.Read(directory);
        }
        else if (directory.HasFile("vocab.json"))
        {
            using var vocabDocument = TokenizerJson.TryLoad(directory.Path, "vocab.json")!;
            vocab = ReadVocabObject(vocabDocument.RootElement, "vocab.json");
            merges = directory.HasFile("merges.txt")
                ? BpeMerges.FromMergesText(directory.FilePath("merges.txt"))
                : throw new InvalidDataException($"'{directory.Path}' has vocab.json but no merges.txt.");

            // A slow tokenizer splits with its class's built-in regex: Qwen2Tokenizer with Qwen's, the GPT-2
            // family with GPT-2's.
            pre = directory.TokenizerClass is "Qwen2Tokenizer" || directory.ModelType is "qwen2" or "qwen3" ? "qwen2" : "gpt-2";
            added = SlowTokenizerAddedTokens(directory, vocab);
        }
        else
        {
            throw new InvalidDataException($"'{directory.Path}' has no tokenizer.json and no vocab.json + merges.txt.");
        }

        foreach (var token in added.Values)
        {
            vocab[token.Content] = token.Id;
        }

        var maxId = vocab.Count == 0 ? -1 : vocab.Values.Max();
        var size = configVocabSize ?? vocab.Count;
        if (maxId >= size)
        {
            throw new InvalidDataException($"The tokenizer has token id {maxId}, beyond the vocabulary size {size} in config.json.");
        }

        var reverse = new Dictionary<int, string>(vocab.Count);
        foreach (var (text, id) in vocab)
        {
            reverse[id] = text;
        }

        var addedByText = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        foreach (var token in added.Values)
        {
            addedByText[token.Content] = token;
        }

        var tokens = new List<string>(size);
        var types = new List<LlamaTokenType>(size);
        for (var i = 0; i < size; i++)
        {
            if (!reverse.TryGetValue(i, out var token))
            {
                tokens.Add($"[PAD{i}]");
                types.Add(LlamaTokenType.Unused);
                continue;
            }

            if (addedByText.TryGetValue(token, out var info) && added.TryGetValue(i, out var byId))
            {
                info = byId;
                if (info.Special || AddedTokens.LooksSpecial(token))
                {
                    types.Add(LlamaTokenType.Control);
                }
                else
                {
                    // llama.cpp expects user-defined tokens pre-normalized (Gemma writes spaces as U+2581).
                    token = token.Replace('\u2581', ' ');
                    types.Add(LlamaTokenType.UserDefined);
                }
            }
            else
            {
                types.Add(LlamaTokenType.Normal);
            }

            tokens.Add(token);
        }

        return (tokens, types, merges, pre);
    }

    private static Dictionary<string, int> ReadVocabObject(JsonElement? element, string what)
    {
        if (element is not { ValueKind: JsonValueKind.Object } vocabObject)
        {
            throw new InvalidDataException($"{what} must be an object of token → id.");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocabObject.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw new InvalidDataException($"{what}: token '{entry.Name}' has no valid id.");
            }

            vocab[entry.Name] = id;
        }

        return vocab;
    }

    /// <summary>
    /// Added tokens of a slow (vocab.json) tokenizer: added_tokens.json, tokenizer_config.json's added_tokens_decoder,
    /// and the special tokens tokenizer_config.json / special_tokens_map.json name. With none configured, GPT-2's
    /// tokenizer classes default every special token to &lt;|endoftext|&gt;.
    /// </summary>
    private static SortedDictionary<int, AddedToken> SlowTokenizerAddedTokens(HfModelDirectory directory, Dictionary<string, int> vocab)
    {
        var added = new SortedDictionary<int, AddedToken>();
        if (TokenizerJson.TryLoad(directory.Path, "added_tokens.json") is { } addedJson)
        {
            using (addedJson)
            {
                foreach (var entry in addedJson.RootElement.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt32(out var id))
                    {
                        added[id] = new AddedToken(id, entry.Name, AddedTokens.LooksSpecial(entry.Name), true);
                    }
                }
            }
        }

        foreach (var token in AddedTokens.FromTokenizerConfig(directory))
        {
            added[token.Id] = token;
        }

        var specialNames = new List<string>();
        using (var map = TokenizerJson.TryLoad(directory.Path, "special_tokens_map.json"))
        {
            foreach (var source in new[] { directory.TokenizerConfig, map?.RootElement })
            {
                if (source is not { ValueKind: JsonValueKind.Object } element)
                {
                    continue;
                }

                foreach (var key in new[] { "bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token" })
                {
                    if (element.TokenContent(key) is { } content)
                    {
                        specialNames.Add(content);
                    }
                }

                if (element.Property("additional_special_tokens") is { ValueKind: JsonValueKind.Array } extra)
                {
                    specialNames.AddRange(extra.EnumerateArray()
                        .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.String("content"))
                        .OfType<string>());
                }
            }
        }

        if (specialNames.Count == 0)
        {
            specialNames.Add("<|endoftext|>");
        }

        foreach (var name in specialNames)
        {
            if (vocab.TryGetValue(name, out var id) && !added.ContainsKey(id))
            {
                added[id] = new AddedToken(id, name, true, true);
            }
        }

        return added;
    }
}

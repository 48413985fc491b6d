using System.Globalization;
using System.Text;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>
/// Meta's Llama 3 tokenizer.model: tiktoken BPE ranks, one "base64-bytes rank" line per token, with the special tokens
/// defined in code rather than in the file. Converted the way transformers' TikTokenConverter turns it into the
/// tokenizer.json llama.cpp reads: tokens in GPT-2's byte-to-unicode spelling, and for every token every split into
/// two tokens whose concatenation is a token, ranked by the token's rank. Llama 3's split regex is llama.cpp's
/// "llama-bpe".
/// </summary>
internal static class TiktokenVocabulary
{
    /// <summary>
    /// The 256 special tokens appended to the ranks, named as Meta's Llama 3.1+ tokenizer.py and transformers'
    /// conversion script name them (Llama 3.0 called some of them reserved; the ids are the same).
    /// </summary>
    public static IReadOnlyList<string> Llama3SpecialTokens { get; } = BuildLlama3SpecialTokens();

    public static bool LooksLikeTiktoken(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var line = reader.ReadLine();
        return line is not null && TryParse(line, out _, out _);
    }

    public static (List<string> Tokens, List<LlamaTokenType> Types, List<string> Merges) Read(string path, int? configVocabSize)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        var byRank = new List<byte[]>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (!TryParse(line, out var bytes, out var rank) || rank != byRank.Count)
            {
                throw new InvalidDataException($"'{path}' line {lineNumber}: expected \"<base64 token> {byRank.Count}\".");
            }

            if (!ranks.TryAdd(Key(bytes), rank))
            {
                throw new InvalidDataException($"'{path}' line {lineNumber}: token listed twice.");
            }

            byRank.Add(bytes);
        }

        var specials = Llama3SpecialTokens;
        var size = configVocabSize ?? byRank.Count + specials.Count;
        if (byRank.Count > size)
        {
            throw new InvalidDataException($"'{path}' has {byRank.Count} tokens, more than the vocabulary size {size}.");
        }

        var tokens = new List<string>(size);
        var types = new List<LlamaTokenType>(size);
        foreach (var bytes in byRank)
        {
            tokens.Add(ByteLevelEncoding.Encode(bytes));
            types.Add(LlamaTokenType.Normal);
        }

        for (var i = byRank.Count; i < size; i++)
        {
            var special = i - byRank.Count < specials.Count ? specials[i - byRank.Count] : null;
            tokens.Add(special ?? $"[PAD{i}]");
            types.Add(special is null ? LlamaTokenType.Unused : LlamaTokenType.Control);
        }

        return (tokens, types, Merges(byRank, ranks));
    }

    private static List<string> Merges(List<byte[]> byRank, Dictionary<string, int> ranks)
    {
        var merges = new List<string>();
        var local = new List<(int Left, int Right)>();
        for (var rank = 0; rank < byRank.Count; rank++)
        {
            var token = byRank[rank];
            if (token.Length == 1)
            {
                continue;
            }

            local.Clear();
            for (var split = 1; split < token.Length; split++)
            {
                if (ranks.TryGetValue(Key(token.AsSpan(0, split)), out var left) && ranks.TryGetValue(Key(token.AsSpan(split)), out var right))
                {
                    local.Add((left, right));
                }
            }

            // transformers sorts a token's splits by the ranks of their parts; tokens come in rank order.
            local.Sort();
            foreach (var (left, right) in local)
            {
                merges.Add(ByteLevelEncoding.Encode(byRank[left]) + " " + ByteLevelEncoding.Encode(byRank[right]));
            }
        }

        return merges;
    }

    private static bool TryParse(string line, out byte[] bytes, out int rank)
    {
        bytes = [];
        rank = -1;
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out rank))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(line[..space]);
        }
        catch (FormatException)
        {
            return false;
        }

        return bytes.Length > 0;
    }

    /// <summary>A byte string as a dictionary key (one char per byte).</summary>
    private static string Key(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static List<string> BuildLlama3SpecialTokens()
    {
        string[] named =
        [
            "<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
            "<|finetune_right_pad_id|>", "<|step_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>",
            "<|eot_id|>", "<|python_tag|>",
        ];
        var all = new List<string>(named);
        for (var i = 0; all.Count < 256; i++)
        {
            all.Add($"<|reserved_special_token_{2 + i}|>");
        }

        return all;
    }
}

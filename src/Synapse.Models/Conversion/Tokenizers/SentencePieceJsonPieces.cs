using System.Text.Json;
using System.Text.RegularExpressions;

namespace Synapse.Models.Conversion.Tokenizers;

/// <summary>SentencePiece pieces (text, score, type) recovered from a tokenizer.json without tokenizer.model.</summary>
internal static partial class SentencePieceJsonPieces
{
    /// <summary>Score for pieces an SPM-BPE model ranks below all others (see <see cref="ScoresFromBpeMerges"/>).</summary>
    public const float DemotedScore = -1e9f;

    public static bool IsSentencePieceJson(JsonElement tokenizerJson) =>
        tokenizerJson.Property("model") is { } model
        && (model.String("type") == "Unigram" || (model.String("type") == "BPE" && model.Bool("byte_fallback") == true));

    /// <summary>
    /// The pieces of a tokenizer.json that transformers converted from a SentencePiece model. A Unigram model keeps
    /// each piece's score. A BPE model keeps none, so they are rebuilt: SentencePiece's BPE trainer scores normal
    /// pieces 0, -1, -2, … in id order, and transformers wrote the merges sorted by that score. See
    /// <see cref="ScoresFromBpeMerges"/>.
    /// </summary>
    public static List<SentencePiece> Read(JsonElement json)
    {
        var model = json.Property("model")!.Value;
        var unk = model.String("unk_token");
        var addedSpecial = AddedTokensSpecialIds(json);
        var pieces = new List<SentencePiece>();
        if (model.String("type") == "Unigram")
        {
            var unkId = model.Int("unk_id");
            if (model.Property("vocab") is not { ValueKind: JsonValueKind.Array } list)
            {
                throw new InvalidDataException("tokenizer.json: a Unigram model needs a vocab array of [piece, score].");
            }

            var id = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2 || item[0].ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException("tokenizer.json: Unigram vocab entries must be [piece, score].");
                }

                var text = item[0].GetString()!;
                pieces.Add(new SentencePiece(text, (float)item[1].GetDouble(), TypeOf(id, text, id == unkId, addedSpecial)));
                id++;
            }

            return pieces;
        }

        if (model.Property("vocab") is not { ValueKind: JsonValueKind.Object } vocabObject)
        {
            throw new InvalidDataException("tokenizer.json: a BPE model needs a vocab object.");
        }

        var byId = new SortedDictionary<int, string>();
        foreach (var entry in vocabObject.EnumerateObject())
        {
            if (!entry.Value.TryGetInt32(out var id) || id < 0 || !byId.TryAdd(id, entry.Name))
            {
                throw new InvalidDataException($"tokenizer.json: token '{entry.Name}' has an invalid or duplicate id.");
            }
        }

        if (byId.Count > 0 && byId.Keys.Last() != byId.Count - 1)
        {
            throw new InvalidDataException("tokenizer.json: BPE vocabulary ids are not contiguous.");
        }

        var texts = byId.Values.ToList();
        var types = texts.Select((text, id) => TypeOf(id, text, text == unk, addedSpecial)).ToList();
        var merges = BpeMerges.FromTokenizerJson(model.Property("merges"));
        var addedIds = AddedTokenIds(json);
        var scores = ScoresFromBpeMerges(texts, types.Select((t, id) => addedIds.Contains(id) && t == SentencePieceType.Normal ? SentencePieceType.UserDefined : t).ToList(), merges);
        for (var i = 0; i < texts.Count; i++)
        {
            pieces.Add(new SentencePiece(texts[i], scores[i], types[i]));
        }

        return pieces;
    }

    /// <summary>
    /// Scores for a byte-fallback BPE vocabulary: normal pieces get −(their index among normal pieces), as SentencePiece's
    /// BPE trainer assigns them; control, unknown, byte and added (user-defined) pieces 0. A piece whose first merge transformers placed after
    /// the merges of higher-id pieces was scored below its id order in the original model (Llama 2 pins runs of
    /// '▁' at −1e9); it gets <see cref="DemotedScore"/> so that llama.cpp, which merges the highest score first, applies
    /// its merge last as transformers does.
    /// </summary>
    public static float[] ScoresFromBpeMerges(IReadOnlyList<string> texts, IReadOnlyList<SentencePieceType> types, IReadOnlyList<string> merges)
    {
        var scores = new float[texts.Count];
        var idOf = new Dictionary<string, int>(texts.Count, StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            idOf.TryAdd(texts[i], i);
        }

        var normalIndex = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            scores[i] = types[i] == SentencePieceType.Normal ? -normalIndex++ : 0f;
        }

        var seen = new HashSet<int>();
        var highest = -1;
        foreach (var merge in merges)
        {
            var space = merge.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !idOf.TryGetValue(string.Concat(merge.AsSpan(0, space), merge.AsSpan(space + 1)), out var id) || !seen.Add(id))
            {
                continue;
            }

            if (id < highest)
            {
                scores[id] = DemotedScore;
            }
            else
            {
                highest = id;
            }
        }

        return scores;
    }

    private static HashSet<int> AddedTokensSpecialIds(JsonElement json) => AddedTokenIds(json, specialOnly: true);

    private static HashSet<int> AddedTokenIds(JsonElement json, bool specialOnly = false)
    {
        var ids = new HashSet<int>();
        if (json.Property("added_tokens") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var item in list.EnumerateArray())
            {
                if ((!specialOnly || item.Bool("special") == true) && item.Int("id") is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private static SentencePieceType TypeOf(int id, string text, bool isUnknown, HashSet<int> special)
    {
        if (isUnknown)
        {
            return SentencePieceType.Unknown;
        }

        if (special.Contains(id))
        {
            return SentencePieceType.Control;
        }

        return ByteToken().IsMatch(text) ? SentencePieceType.Byte : SentencePieceType.Normal;
    }

    [GeneratedRegex("^<0x[0-9A-Fa-f]{2}>$", RegexOptions.CultureInvariant)]
    private static partial Regex ByteToken();
}

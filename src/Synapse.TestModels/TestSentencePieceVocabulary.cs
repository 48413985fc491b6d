using System.Text;
using Synapse.Models.Gguf;

namespace Synapse.TestModels;

/// <summary>
/// A SentencePiece-style vocabulary (<c>tokenizer.ggml.model = "llama"</c>), laid out like Llama 2's:
/// <c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, the byte-fallback tokens <c>&lt;0x00&gt;</c>..<c>&lt;0xFF&gt;</c>, then
/// <c>&lt;|im_start|&gt;</c>/<c>&lt;|im_end|&gt;</c> for the chat template, the corpus's characters and scored pieces
/// ("▁" marks a word start). BOS <c>&lt;s&gt;</c> is added; EOS is <c>&lt;/s&gt;</c>, EOT <c>&lt;|im_end|&gt;</c>.
/// </summary>
public sealed class TestSentencePieceVocabulary : TestVocabulary
{
    public const char WordBoundary = '\u2581';

    private const int FixedTokens = 3 + 256 + 2;

    private readonly string[] _tokens;
    private readonly LlamaTokenType[] _types;
    private readonly float[] _scores;
    private readonly Dictionary<string, int> _pieces;

    private TestSentencePieceVocabulary(string[] tokens, LlamaTokenType[] types, float[] scores)
    {
        _tokens = tokens;
        _types = types;
        _scores = scores;
        _pieces = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (types[i] is LlamaTokenType.Normal)
            {
                _pieces.TryAdd(tokens[i], i);
            }
        }
    }

    public static int MinimumSize { get; } = FixedTokens + CorpusCharacters().Count + 1;

    public override string Model => "llama";

    public override IReadOnlyList<string> Tokens => _tokens;

    public override IReadOnlyList<LlamaTokenType> TokenTypes => _types;

    public IReadOnlyList<float> Scores => _scores;

    public override int BosId => 1;

    public override int EosId => 2;

    public override bool AddBos => true;

    public static TestSentencePieceVocabulary Create(int size)
    {
        if (size < MinimumSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A SentencePiece vocabulary needs at least {MinimumSize} tokens.");
        }

        var tokens = new List<string>(size) { "<unk>", "<s>", "</s>" };
        var types = new List<LlamaTokenType> { LlamaTokenType.Unknown, LlamaTokenType.Control, LlamaTokenType.Control };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(LlamaTokenType.Byte);
        }

        tokens.Add(ImStart);
        tokens.Add(ImEnd);
        types.Add(LlamaTokenType.Control);
        types.Add(LlamaTokenType.Control);
        var scores = Enumerable.Repeat(0f, tokens.Count).ToList();

        var characters = CorpusCharacters();
        foreach (var c in characters)
        {
            tokens.Add(c);
            types.Add(LlamaTokenType.Normal);
            scores.Add(-1000f - scores.Count);
        }

        var vocabulary = new HashSet<string>(tokens, StringComparer.Ordinal);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in Escape(TrainingCorpus.Text.ReplaceLineEndings(" ")).Split(WordBoundary, StringSplitOptions.RemoveEmptyEntries))
        {
            var piece = WordBoundary + word;
            words[piece] = words.GetValueOrDefault(piece) + 1;
        }

        var symbolized = words
            .OrderBy(w => w.Key, StringComparer.Ordinal)
            .ToDictionary(w => Characters(w.Key).ToArray(), w => w.Value);
        var created = new List<string>();
        var suffixes = "etaoinshrdlucmfwypvbgk".Select(c => c.ToString()).ToArray();
        BpeTrainer.Learn(symbolized, vocabulary, created, size - tokens.Count, suffixes);
        for (var i = 0; i < created.Count; i++)
        {
            // Earlier (more frequent) pieces score higher, so llama.cpp joins them first.
            tokens.Add(created[i]);
            types.Add(LlamaTokenType.Normal);
            scores.Add(-i);
        }

        return new TestSentencePieceVocabulary(tokens.ToArray(), types.ToArray(), scores.ToArray());
    }

    public override IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        // llama.cpp prefixes a space (add_space_prefix) and writes spaces as "▁", then repeatedly joins the adjacent
        // pair whose joined piece scores best (leftmost on ties); what is left and unknown falls back to bytes.
        var symbols = Characters(Escape(" " + text)).ToList();
        while (true)
        {
            var bestScore = float.NegativeInfinity;
            var bestAt = -1;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                if (_pieces.TryGetValue(symbols[i] + symbols[i + 1], out var id) && _scores[id] > bestScore)
                {
                    bestScore = _scores[id];
                    bestAt = i;
                }
            }

            if (bestAt < 0)
            {
                break;
            }

            symbols[bestAt] += symbols[bestAt + 1];
            symbols.RemoveAt(bestAt + 1);
        }

        var ids = new List<int>();
        foreach (var symbol in symbols)
        {
            if (_pieces.TryGetValue(symbol, out var id))
            {
                ids.Add(id);
            }
            else
            {
                ids.AddRange(Encoding.UTF8.GetBytes(symbol).Select(b => 3 + b));
            }
        }

        return ids;
    }

    public override GgufTokenizer ToGgufTokenizer() => new()
    {
        Model = Model,
        Tokens = _tokens,
        Scores = _scores,
        TokenTypes = _types,
        BosTokenId = BosId,
        EosTokenId = EosId,
        EotTokenId = EotId,
        UnkTokenId = 0,
        AddBos = AddBos,
        AddEos = false,
        AddSpacePrefix = true,
        ChatTemplate = ChatTemplate,
    };

    private static string Escape(string text) => text.Replace(' ', WordBoundary);

    // llama.cpp's SentencePiece session starts from one symbol per UTF-8 character.
    private static IEnumerable<string> Characters(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            yield return rune.ToString();
        }
    }

    private static List<string> CorpusCharacters() =>
        Characters(Escape(TrainingCorpus.Text.ReplaceLineEndings(" ")))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}

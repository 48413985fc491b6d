using System.Text;
using System.Text.RegularExpressions;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;

namespace Synapse.TestModels;

/// <summary>
/// A GPT-2-style byte-level BPE vocabulary: <c>&lt;|endoftext|&gt;</c>, <c>&lt;|im_start|&gt;</c>, <c>&lt;|im_end|&gt;</c>
/// (CONTROL), the 256 byte tokens in GPT-2's byte-to-Unicode mapping, then tokens made by merges learnt from a
/// small English corpus (and synthetic merges beyond it). BOS is <c>&lt;|im_start|&gt;</c> (not added), EOS and EOT
/// <c>&lt;|im_end|&gt;</c>, as in SmolLM2-Instruct.
/// </summary>
public sealed partial class TestBpeVocabulary : TestVocabulary
{
    public const int MinimumSize = 3 + 256 + 1;

    /// <summary>The <c>tokenizer.ggml.pre</c> value: llama.cpp then splits words with GPT-2's own regex.</summary>
    public const string PreTokenizer = "gpt-2";

    private static readonly string[] Specials = [EndOfText, ImStart, ImEnd];

    private readonly string[] _tokens;
    private readonly LlamaTokenType[] _types;
    private readonly Dictionary<(string, string), int> _ranks;

    private TestBpeVocabulary(string[] tokens, LlamaTokenType[] types, List<(string Left, string Right)> merges)
    {
        _tokens = tokens;
        _types = types;
        Merges = merges.Select(m => $"{m.Left} {m.Right}").ToArray();
        _ranks = new Dictionary<(string, string), int>(merges.Count);
        for (var i = 0; i < merges.Count; i++)
        {
            _ranks.TryAdd(merges[i], i);
        }
    }

    public override string Model => "gpt2";

    public override IReadOnlyList<string> Tokens => _tokens;

    public override IReadOnlyList<LlamaTokenType> TokenTypes => _types;

    /// <summary>The merges in rank order, each "left right".</summary>
    public IReadOnlyList<string> Merges { get; }

    public override int BosId => 1;

    public override int EosId => 2;

    public override bool AddBos => false;

    /// <param name="size">Tokens in all.</param>
    /// <param name="controlTokens">More CONTROL tokens (tool-call markers such as <c>[TOOL_CALLS]</c>), right after the three specials.</param>
    public static TestBpeVocabulary Create(int size, IReadOnlyList<string>? controlTokens = null)
    {
        controlTokens ??= [];
        if (size < MinimumSize + controlTokens.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A byte-level BPE vocabulary needs at least {MinimumSize + controlTokens.Count} tokens.");
        }

        var tokens = new List<string>(size);
        tokens.AddRange(Specials);
        tokens.AddRange(controlTokens);
        var controls = tokens.Count;
        var byteTokens = Enumerable.Range(0, 256).Select(b => ByteLevelEncoding.Encode((byte)b).ToString()).ToList();
        tokens.AddRange(byteTokens);

        var vocabulary = new HashSet<string>(tokens, StringComparer.Ordinal);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in PreTokenizerRegex().Matches(TrainingCorpus.Text.ReplaceLineEndings(" ")))
        {
            var word = ByteLevelEncoding.Encode(Encoding.UTF8.GetBytes(match.Value));
            words[word] = words.GetValueOrDefault(word) + 1;
        }

        var symbolized = words
            .OrderBy(w => w.Key, StringComparer.Ordinal)
            .ToDictionary(w => w.Key.Select(c => c.ToString()).ToArray(), w => w.Value);
        var created = new List<string>();
        var suffixes = "etaoinshrdlucmfwypvbgk".Select(c => c.ToString()).ToArray();
        var merges = BpeTrainer.Learn(symbolized, vocabulary, created, size - tokens.Count, suffixes);
        tokens.AddRange(created);

        var types = tokens.Select((_, i) => i < controls ? LlamaTokenType.Control : LlamaTokenType.Normal).ToArray();
        return new TestBpeVocabulary(tokens.ToArray(), types, merges);
    }

    public override IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        foreach (Match match in PreTokenizerRegex().Matches(text))
        {
            var symbols = ByteLevelEncoding.Encode(Encoding.UTF8.GetBytes(match.Value)).Select(c => c.ToString()).ToList();
            while (symbols.Count > 1)
            {
                // Apply the best-ranked merge, leftmost first, as llama.cpp's BPE session does.
                var bestRank = int.MaxValue;
                var bestAt = -1;
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                    {
                        bestRank = rank;
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

            ids.AddRange(symbols.Select(IdOf));
        }

        return ids;
    }

    public override GgufTokenizer ToGgufTokenizer() => new()
    {
        Model = Model,
        Pre = PreTokenizer,
        Tokens = _tokens,
        TokenTypes = _types,
        Merges = Merges,
        BosTokenId = BosId,
        EosTokenId = EosId,
        EotTokenId = EotId,
        UnkTokenId = IdOf(EndOfText),
        PadTokenId = IdOf(EndOfText),
        AddBos = AddBos,
        AddEos = false,
        ChatTemplate = ChatTemplate,
    };

    // GPT-2's pre-tokenizer, which llama.cpp applies for tokenizer.ggml.pre = "gpt-2".
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex PreTokenizerRegex();
}

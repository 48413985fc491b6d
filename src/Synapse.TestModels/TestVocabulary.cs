using Synapse.Models.Gguf;

namespace Synapse.TestModels;

/// <summary>
/// The tokenizer of a generated test model: tokens, their types, special ids and a chat template, plus a
/// reference <see cref="Encode"/> that tokenizes the way llama.cpp does with this vocabulary (tests compare the two).
/// </summary>
public abstract class TestVocabulary
{
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    private Dictionary<string, int>? _ids;

    /// <summary>The value of <c>tokenizer.ggml.model</c>.</summary>
    public abstract string Model { get; }

    public abstract IReadOnlyList<string> Tokens { get; }

    public abstract IReadOnlyList<LlamaTokenType> TokenTypes { get; }

    public abstract int BosId { get; }

    public abstract int EosId { get; }

    /// <summary>The end-of-turn token (<c>&lt;|im_end|&gt;</c>): generation stops on it.</summary>
    public int EotId => IdOf(ImEnd);

    public abstract bool AddBos { get; }

    public string ChatTemplate => ChatTemplates.ChatML;

    public int Count => Tokens.Count;

    /// <param name="kind">The tokenizer.</param>
    /// <param name="size">Tokens in all.</param>
    /// <param name="controlTokens">More CONTROL tokens (byte-level BPE only).</param>
    public static TestVocabulary Create(TestTokenizerKind kind, int size, IReadOnlyList<string>? controlTokens = null) => kind switch
    {
        TestTokenizerKind.Gpt2ByteLevelBpe => TestBpeVocabulary.Create(size, controlTokens),
        TestTokenizerKind.LlamaSentencePiece when controlTokens is not { Count: > 0 } => TestSentencePieceVocabulary.Create(size),
        TestTokenizerKind.LlamaSentencePiece => throw new ArgumentException("Extra control tokens are only made for byte-level BPE vocabularies.", nameof(controlTokens)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tokenizer kind."),
    };

    /// <summary>The smallest vocabulary a kind of tokenizer can have.</summary>
    public static int MinimumSizeFor(TestTokenizerKind kind) => kind switch
    {
        TestTokenizerKind.Gpt2ByteLevelBpe => TestBpeVocabulary.MinimumSize,
        TestTokenizerKind.LlamaSentencePiece => TestSentencePieceVocabulary.MinimumSize,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tokenizer kind."),
    };

    public int IdOf(string token)
    {
        _ids ??= Tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        return _ids.TryGetValue(token, out var id) ? id : throw new KeyNotFoundException($"Token '{token}' is not in the vocabulary.");
    }

    /// <summary>Tokenizes plain text (no special tokens, no BOS) as llama.cpp does with this vocabulary.</summary>
    public abstract IReadOnlyList<int> Encode(string text);

    /// <summary>The vocabulary as a GGUF stores it: the type the converter writes, so both write the same keys.</summary>
    public abstract GgufTokenizer ToGgufTokenizer();

    /// <summary>Adds the <c>tokenizer.*</c> keys to a model's metadata.</summary>
    public void AddTo(GgufMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ToGgufTokenizer().WriteTo(metadata);
    }
}

using System.Globalization;
using Synapse.Models.Gguf;

namespace Synapse.TestModels;

/// <summary>
/// The shape, tokenizer and seed of a random-weight llama-architecture test model. Equal specs give byte-identical
/// files (the builder is deterministic), which is what lets tests cache them.
/// </summary>
public sealed record TestModelSpec
{
    /// <summary><c>general.name</c> of the model.</summary>
    public required string Name { get; init; }

    public required int VocabSize { get; init; }

    public required int EmbeddingLength { get; init; }

    public required int BlockCount { get; init; }

    public required int HeadCount { get; init; }

    public required int HeadCountKv { get; init; }

    public required int FeedForwardLength { get; init; }

    /// <summary>The training context (<c>llama.context_length</c>).</summary>
    public required int ContextLength { get; init; }

    public float RopeFreqBase { get; init; } = 10000f;

    public float RmsNormEpsilon { get; init; } = 1e-5f;

    /// <summary>When true the model has no <c>output.weight</c> and llama.cpp reuses <c>token_embd.weight</c>.</summary>
    public bool TiedEmbeddings { get; init; }

    /// <summary>F32 or F16 for the matrices (norm vectors are always F32, as converters write them).</summary>
    public GgmlType TensorType { get; init; } = GgmlType.F16;

    public ulong Seed { get; init; } = 42;

    /// <summary>Standard deviation of the random matrix weights.</summary>
    public float WeightStdDev { get; init; } = 0.02f;

    public TestTokenizerKind Tokenizer { get; init; } = TestTokenizerKind.Gpt2ByteLevelBpe;

    /// <summary>
    /// CONTROL tokens beyond the tokenizer's own (byte-level BPE only): tool-call markers such as <c>[TOOL_CALLS]</c>
    /// or <c>&lt;|python_tag|&gt;</c>, which llama.cpp renders as nothing in generated text, as real models have them.
    /// </summary>
    public IReadOnlyList<string> ControlTokens { get; init; } = [];

    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>A model that loads and decodes in milliseconds: 512 tokens, 64 wide, 2 layers, GQA 4/2, ChatML.</summary>
    public static TestModelSpec Tiny { get; } = new()
    {
        Name = "synapse-tiny",
        VocabSize = 512,
        EmbeddingLength = 64,
        BlockCount = 2,
        HeadCount = 4,
        HeadCountKv = 2,
        FeedForwardLength = 128,
        ContextLength = 4096,
        RopeFreqBase = 10000f,
        TiedEmbeddings = true,
        TensorType = GgmlType.F16,
    };

    /// <summary>The shape of HuggingFaceTB/SmolLM2-135M-Instruct (random weights).</summary>
    public static TestModelSpec SmolLM2_135M { get; } = new()
    {
        Name = "SmolLM2-135M-shape",
        VocabSize = 49152,
        EmbeddingLength = 576,
        BlockCount = 30,
        HeadCount = 9,
        HeadCountKv = 3,
        FeedForwardLength = 1536,
        ContextLength = 8192,
        RopeFreqBase = 100000f,
        TiedEmbeddings = true,
        TensorType = GgmlType.F16,
    };

    /// <summary>The shape of TinyLlama/TinyLlama-1.1B-Chat (random weights, SentencePiece vocabulary).</summary>
    public static TestModelSpec TinyLlama_1_1B { get; } = new()
    {
        Name = "TinyLlama-1.1B-shape",
        VocabSize = 32000,
        EmbeddingLength = 2048,
        BlockCount = 22,
        HeadCount = 32,
        HeadCountKv = 4,
        FeedForwardLength = 5632,
        ContextLength = 2048,
        RopeFreqBase = 10000f,
        TiedEmbeddings = false,
        TensorType = GgmlType.F16,
        Tokenizer = TestTokenizerKind.LlamaSentencePiece,
    };

    /// <summary>Number of weights (embeddings counted once when tied).</summary>
    public long ParameterCount
    {
        get
        {
            long embd = EmbeddingLength;
            long kv = (long)HeadDimension * HeadCountKv;
            var perBlock = 2 * embd + embd * embd * 2 + embd * kv * 2 + 3 * embd * FeedForwardLength;
            return VocabSize * embd * (TiedEmbeddings ? 1 : 2) + embd + BlockCount * perBlock;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Name), nameof(Name), "must not be empty");
        Require(VocabSize >= TestVocabulary.MinimumSizeFor(Tokenizer), nameof(VocabSize),
            $"must be at least {TestVocabulary.MinimumSizeFor(Tokenizer)} for {Tokenizer}");
        Require(EmbeddingLength > 0, nameof(EmbeddingLength), "must be positive");
        Require(BlockCount > 0, nameof(BlockCount), "must be positive");
        Require(HeadCount > 0 && EmbeddingLength % HeadCount == 0, nameof(HeadCount), "must divide the embedding length");
        Require(HeadDimension % 2 == 0, nameof(HeadCount), "must leave an even head dimension (RoPE rotates pairs)");
        Require(HeadCountKv > 0 && HeadCount % HeadCountKv == 0, nameof(HeadCountKv), "must divide the head count");
        Require(FeedForwardLength > 0, nameof(FeedForwardLength), "must be positive");
        Require(ContextLength > 0, nameof(ContextLength), "must be positive");
        Require(RopeFreqBase > 0, nameof(RopeFreqBase), "must be positive");
        Require(RmsNormEpsilon > 0, nameof(RmsNormEpsilon), "must be positive");
        Require(WeightStdDev > 0 && float.IsFinite(WeightStdDev), nameof(WeightStdDev), "must be positive");
        Require(TensorType is GgmlType.F32 or GgmlType.F16, nameof(TensorType), "must be F32 or F16 (quantize afterwards for others)");
        Require(Enum.IsDefined(Tokenizer), nameof(Tokenizer), "is unknown");
        Require(ControlTokens.Count == 0 || Tokenizer == TestTokenizerKind.Gpt2ByteLevelBpe, nameof(ControlTokens), "are only made for byte-level BPE vocabularies");
        Require(ControlTokens.All(t => t.Length > 0) && ControlTokens.Distinct(StringComparer.Ordinal).Count() == ControlTokens.Count, nameof(ControlTokens), "must be distinct and not empty");
    }

    /// <summary>A stable text of every field, for cache keys.</summary>
    public string ToCanonicalString() => string.Join(';',
        Name, VocabSize, EmbeddingLength, BlockCount, HeadCount, HeadCountKv, FeedForwardLength, ContextLength,
        RopeFreqBase.ToString("R", CultureInfo.InvariantCulture), RmsNormEpsilon.ToString("R", CultureInfo.InvariantCulture),
        TiedEmbeddings, TensorType, Seed, WeightStdDev.ToString("R", CultureInfo.InvariantCulture), Tokenizer)
        + (ControlTokens.Count == 0 ? "" : ";" + string.Join('\u0001', ControlTokens));

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"TestModelSpec.{field} {message}.", field);
        }
    }
}

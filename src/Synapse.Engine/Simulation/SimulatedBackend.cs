using System.Collections.Frozen;
using System.Diagnostics;
using System.Text;
using LLama.Native;
using Synapse.Engine.Backend;
using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Simulation;

/// <summary>
/// A backend without a model: each step that samples waits for the next tick of <see cref="TokenInterval"/> (so every
/// sequence produces a token per interval, whatever else runs), and each sequence's "sample" is the next word of
/// <see cref="SimulatedVocabulary.Words"/>. Reading a prompt takes no time. As an embedding model
/// (<paramref name="embeddingLength"/> &gt; 0) a sequence's "pooled embedding" is a hash of its tokens spread over the
/// dimensions: deterministic, meaningless, for testing what carries embeddings.
/// </summary>
internal sealed class SimulatedBackend(int sequences, int contextSize, int batchCapacity, TimeSpan tokenInterval, int embeddingLength = 0)
    : IInferenceBackend
{
    private readonly byte[][] _pieces = BuildPieces();
    // Per sequence: a hash of the tokens added since it was last freed (what the simulated embedding derives from).
    private readonly ulong[] _sequenceHash = new ulong[sequences];
    private bool _batchSamples;
    private long _nextTick;

    public TimeSpan TokenInterval { get; } = tokenInterval;

    public int Sequences { get; } = sequences;

    public long KvCacheCapacity { get; } = (long)contextSize * sequences;

    public int BatchCapacity { get; } = batchCapacity;

    public int BatchTokenCount { get; private set; }

    public int EmbeddingLength { get; } = embeddingLength;

    public float[] PooledEmbedding(int sequence)
    {
        var vector = new float[EmbeddingLength];
        var state = _sequenceHash[sequence] | 1;
        for (var i = 0; i < vector.Length; i++)
        {
            // xorshift64: a fixed sequence of values per hash, in [-1, 1).
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            vector[i] = (float)((state >> 11) * (1.0 / (1UL << 53)) * 2 - 1);
        }

        return vector;
    }

    public bool IsEndOfGeneration(int token) => false;

    public byte[] Piece(int token) => (uint)token < (uint)_pieces.Length ? _pieces[token] : [];

    public byte[] SpecialPiece(int token) => Piece(token);

    // The simulated vocabulary has no control tokens.
    public IReadOnlySet<int> ControlTokens(IReadOnlyList<string> texts) => FrozenSet<int>.Empty;

    public ITokenSampler CreateSampler(SamplingOptions sampling, GrammarConstraint? grammar, IReadOnlySet<int> preserved, ReadOnlySpan<int> prompt, int contextSize) =>
        grammar is null ? new WordSampler() : throw new InvalidGrammarException("The simulated engine replays fixed words and cannot follow a grammar.");

    /// <summary>The simulation is certain of each word: log-probability 0, and no other candidate.</summary>
    public TokenLogprob Logprob(int batchIndex, int token, int top) =>
        new(token, Piece(token), 0f, top > 0 ? [new TokenLogprob(token, Piece(token), 0f, [])] : []);

    public void WarmUp()
    {
        _nextTick = Stopwatch.GetTimestamp();
    }

    public void ClearBatch()
    {
        BatchTokenCount = 0;
        _batchSamples = false;
    }

    public int AddToBatch(int token, int position, int sequence, bool logits)
    {
        _batchSamples |= logits && EmbeddingLength == 0;
        _sequenceHash[sequence] = (_sequenceHash[sequence] ^ (uint)token ^ ((ulong)(uint)position << 32)) * 0x100000001B3UL + 0x9E3779B97F4A7C15UL;
        return BatchTokenCount++;
    }

    public DecodeResult Decode()
    {
        if (_batchSamples && TokenInterval > TimeSpan.Zero)
        {
            // Ticks follow each other at the interval, so timer slack does not add up over a long reply; after an
            // idle spell the first token comes one interval after the step that reads it.
            var now = Stopwatch.GetTimestamp();
            var interval = (long)(TokenInterval.TotalSeconds * Stopwatch.Frequency);
            _nextTick = _nextTick + interval >= now ? _nextTick + interval : now + interval;
            var wait = Stopwatch.GetElapsedTime(now, _nextTick);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }
        }

        return DecodeResult.Ok;
    }

    public int Sample(ITokenSampler sampler, int batchIndex)
    {
        Debug.Assert(sampler is WordSampler, "A sampler of another backend.");
        return SimulatedVocabulary.WordToken(((WordSampler)sampler).Next++);
    }

    public bool TrimSequence(int sequence, int keep) => true;

    // A simulated sequence has no state worth keeping: the host tier stays empty.
    public long SequenceStateSize(int sequence) => 0;

    public SequenceState? SaveSequence(int sequence, long size) => null;

    public bool RestoreSequence(int sequence, SequenceState state) => false;

    public void FreeSequence(int sequence) => _sequenceHash[sequence] = 0;

    public void FreeAll() => Array.Clear(_sequenceHash);

    public void Dispose()
    {
    }

    private static byte[][] BuildPieces()
    {
        var pieces = new byte[SimulatedVocabulary.Size][];
        for (var id = 0; id < pieces.Length; id++)
        {
            pieces[id] = id >= SimulatedVocabulary.FirstWord
                ? Encoding.UTF8.GetBytes(SimulatedVocabulary.Words[id - SimulatedVocabulary.FirstWord])
                : id >= SimulatedVocabulary.FirstByte ? [(byte)(id - SimulatedVocabulary.FirstByte)] : [];
        }

        return pieces;
    }

    /// <summary>Which word of the reply comes next.</summary>
    private sealed class WordSampler : ITokenSampler
    {
        public int Next { get; set; }

        public void Dispose()
        {
        }
    }
}

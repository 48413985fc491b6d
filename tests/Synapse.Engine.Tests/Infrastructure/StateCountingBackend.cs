using System.Runtime.InteropServices;
using LLama.Native;
using Synapse.Engine.Backend;
using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Sampling;
using Synapse.Engine.Simulation;

namespace Synapse.Engine.Tests.Infrastructure;

/// <summary>
/// The simulated backend with sequence states that are real native buffers of <paramref name="bytesPerToken"/> bytes
/// per held token (set by the test through <see cref="Hold"/>): it keeps every state it handed out, so a test sees
/// which are still alive (not disposed) and how many bytes they hold, and which state each restore read. With a
/// <paramref name="bound"/>, every save asserts that the live states and the new one fit in it.
/// </summary>
internal sealed class StateCountingBackend(int sequences, long bytesPerToken, long bound = long.MaxValue) : IInferenceBackend
{
    private readonly SimulatedBackend _inner = new(sequences, 4096, 512, TimeSpan.Zero);
    private readonly int[] _held = new int[sequences];
    private readonly int[] _ids = new int[sequences];
    private readonly List<SequenceState> _states = [];
    private int _nextId;

    /// <summary>States handed out and not yet disposed.</summary>
    public IReadOnlyList<SequenceState> Live => [.. _states.Where(s => !s.IsClosed)];

    public long LiveBytes => Live.Sum(s => s.Length);

    public int Saves => _states.Count;

    /// <summary>The ids (one per <see cref="Hold"/>) of the states restored, in order.</summary>
    public List<int> Restored { get; } = [];

    /// <summary>The id of what <paramref name="sequence"/> holds now.</summary>
    public int IdOf(int sequence) => _ids[sequence];

    /// <summary>Says <paramref name="sequence"/> holds <paramref name="tokens"/> tokens, new content unless it extends what it held; returns its id.</summary>
    public int Hold(int sequence, int tokens, bool extend = false)
    {
        _held[sequence] = tokens;
        return extend ? _ids[sequence] : _ids[sequence] = ++_nextId;
    }

    public int Sequences => _inner.Sequences;

    public long KvCacheCapacity => _inner.KvCacheCapacity;

    public int BatchCapacity => _inner.BatchCapacity;

    public int BatchTokenCount => _inner.BatchTokenCount;

    public int EmbeddingLength => _inner.EmbeddingLength;

    public float[] PooledEmbedding(int sequence) => _inner.PooledEmbedding(sequence);

    public bool IsEndOfGeneration(int token) => _inner.IsEndOfGeneration(token);

    public byte[] Piece(int token) => _inner.Piece(token);

    public byte[] SpecialPiece(int token) => _inner.SpecialPiece(token);

    public IReadOnlySet<int> ControlTokens(IReadOnlyList<string> texts) => _inner.ControlTokens(texts);

    public ITokenSampler CreateSampler(SamplingOptions sampling, GrammarConstraint? grammar, IReadOnlySet<int> preserved, ReadOnlySpan<int> prompt, int contextSize) =>
        _inner.CreateSampler(sampling, grammar, preserved, prompt, contextSize);

    public void WarmUp() => _inner.WarmUp();

    public void ClearBatch() => _inner.ClearBatch();

    public int AddToBatch(int token, int position, int sequence, bool logits) => _inner.AddToBatch(token, position, sequence, logits);

    public DecodeResult Decode() => _inner.Decode();

    public int Sample(ITokenSampler sampler, int batchIndex) => _inner.Sample(sampler, batchIndex);

    public bool TrimSequence(int sequence, int keep)
    {
        _held[sequence] = Math.Min(_held[sequence], keep);
        return true;
    }

    public long SequenceStateSize(int sequence) => _held[sequence] * bytesPerToken;

    public SequenceState? SaveSequence(int sequence, long size)
    {
        Assert.Equal(SequenceStateSize(sequence), size);
        Assert.True(LiveBytes + size <= bound, $"saving {size} bytes over {LiveBytes} live would pass the bound {bound}");
        var state = new SequenceState(size);
        Marshal.WriteInt32(state.DangerousGetHandle(), 0, _ids[sequence]);
        Marshal.WriteInt32(state.DangerousGetHandle(), 4, _held[sequence]);
        _states.Add(state);
        return state;
    }

    public bool RestoreSequence(int sequence, SequenceState state)
    {
        Assert.False(state.IsClosed, "a restore reads a state that was already freed");
        Assert.Equal(0, _held[sequence]);
        _ids[sequence] = Marshal.ReadInt32(state.DangerousGetHandle(), 0);
        _held[sequence] = Marshal.ReadInt32(state.DangerousGetHandle(), 4);
        Restored.Add(_ids[sequence]);
        return true;
    }

    public TokenLogprob Logprob(int batchIndex, int token, int top) => _inner.Logprob(batchIndex, token, top);

    public void FreeSequence(int sequence) => _held[sequence] = 0;

    public void FreeAll() => Array.Clear(_held);

    public void Dispose() => _inner.Dispose();
}

using System.Collections.Frozen;
using System.Diagnostics;
using LLama.Native;
using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Model;
using Synapse.Engine.Native;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Backend;

/// <summary>
/// llama.cpp through LLamaSharp: one context holding every sequence, one reused batch, native sampler chains sampled
/// straight from the context (<c>llama_sampler_sample(ctx, i)</c>, no logits copied to managed memory).
/// </summary>
internal sealed unsafe partial class LlamaBackend : IInferenceBackend
{
    private readonly LlamaModel _model;
    private readonly SafeLLamaContextHandle _context;
    private readonly LLamaBatch _batch = new();
    private readonly CompiledGrammarCache _grammars;
    private readonly Func<byte, int> _byteToken;
    // The loop's one candidate buffer for managed sampling steps (grammar, logit bias).
    private LlamaSamplingApi.TokenData[] _candidates = [];
    // The grammar's fast full-vocabulary filter (built off the loop from the first constrained pass on) and its buffers.
    private Task<VocabularyPrefixIndex>? _prefixIndex;
    private int[] _allowed = [];
    private bool[] _keep = [];

    private LlamaBackend(LlamaModel model, SafeLLamaContextHandle context, int sequences, int batchCapacity, int embeddingLength)
    {
        EmbeddingLength = embeddingLength;
        _model = model;
        _context = context;
        Sequences = sequences;
        BatchCapacity = batchCapacity;
        _grammars = new CompiledGrammarCache(LlamaSamplingApi.ModelVocab(model.Handle.DangerousGetHandle()));
        _byteToken = model.ByteToken;
    }

    public int Sequences { get; }

    public int EmbeddingLength { get; }

    public long KvCacheCapacity => _context.ContextSize;

    public int BatchCapacity { get; }

    public int BatchTokenCount => _batch.TokenCount;

    /// <summary>
    /// A context of <paramref name="sequences"/> × <paramref name="contextSize"/> cells, one stream per sequence unless
    /// <paramref name="unifiedKv"/>; <c>n_batch = n_ubatch = batchSize</c>, flash attention left on llama.cpp's auto.
    /// An embedding model (<see cref="ModelDescription.Pooling"/> set) gets an embedding context with that pooling:
    /// one ubatch holds the whole batch, as a non-causal encoder needs each input in one ubatch.
    /// </summary>
    public static LlamaBackend Create(LlamaModel model, int sequences, int contextSize, int batchSize, int threads, bool unifiedKv)
    {
        var pooling = model.Description.Pooling;
        var contextParams = LLamaContextParams.Default();
        contextParams.n_ctx = checked((uint)(contextSize * sequences));
        contextParams.n_seq_max = (uint)sequences;
        contextParams.n_batch = (uint)batchSize;
        contextParams.n_ubatch = (uint)batchSize;
        contextParams.n_threads = threads;
        contextParams.n_threads_batch = threads;
        contextParams.kv_unified = unifiedKv;
        contextParams.no_perf = true;
        if (pooling is { } p)
        {
            contextParams.embeddings = true;
            contextParams.llama_pooling_type = p switch
            {
                EmbeddingPooling.Mean => LLamaPoolingType.Mean,
                EmbeddingPooling.Cls => LLamaPoolingType.CLS,
                EmbeddingPooling.Last => LLamaPoolingType.Last,
                _ => throw new InvalidOperationException($"Unknown pooling {p}."),
            };
        }

        return new LlamaBackend(model, SafeLLamaContextHandle.Create(model.Handle, contextParams), sequences, batchSize,
            pooling is null ? 0 : model.Description.EmbeddingLength);
    }

    public bool IsEndOfGeneration(int token) => _model.IsEndOfGeneration(token);

    public float[] PooledEmbedding(int sequence)
    {
        var values = _context.GetEmbeddingsSeq((LLamaSeqId)sequence);
        return values.Length == EmbeddingLength
            ? values.ToArray()
            : throw new InvalidOperationException($"llama.cpp returned {values.Length} pooled values for sequence {sequence}, expected {EmbeddingLength}.");
    }

    public byte[] Piece(int token) => _model.Piece(token);

    public byte[] SpecialPiece(int token) => _model.SpecialPiece(token);

    public IReadOnlySet<int> ControlTokens(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return FrozenSet<int>.Empty;
        }

        var ids = new HashSet<int>();
        foreach (var text in texts)
        {
            if (!string.IsNullOrEmpty(text) && _model.ControlToken(text) is >= 0 and var id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    public ITokenSampler CreateSampler(SamplingOptions sampling, GrammarConstraint? grammar, IReadOnlySet<int> preserved, ReadOnlySpan<int> prompt, int contextSize)
    {
        var bias = SamplerChainFactory.Bias(sampling, _model.VocabularySize);
        GrammarSampler? grammarSampler = null;
        if (grammar is not null)
        {
            var (native, triggers) = _grammars.Create(grammar);
            grammarSampler = new GrammarSampler(native, triggers);
        }

        try
        {
            return new LlamaTokenSampler(SamplerChainFactory.Create(sampling, prompt, contextSize), grammarSampler, bias, preserved);
        }
        catch
        {
            grammarSampler?.Dispose();
            throw;
        }
    }

    public void WarmUp()
    {
        var vocab = _model.Handle.Vocab;
        var token = vocab.BOS ?? vocab.EOS ?? (LLamaToken)0;
        _batch.Clear();
        _batch.Add(token, 0, (LLamaSeqId)0, true);
        var result = _context.Decode(_batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"The warm-up decode failed: {result}.");
        }

        _context.MemoryClear(true);
        _batch.Clear();
    }

    public void ClearBatch() => _batch.Clear();

    public int AddToBatch(int token, int position, int sequence, bool logits) =>
        _batch.Add(token, position, (LLamaSeqId)sequence, logits);

    public DecodeResult Decode() => _context.Decode(_batch);

    public int Sample(ITokenSampler sampler, int batchIndex)
    {
        Debug.Assert(sampler is LlamaTokenSampler, "A sampler of another backend.");
        var llamaSampler = (LlamaTokenSampler)sampler;

        // llama_sampler_sample already accepts the token into the chain: no second Accept.
        return llamaSampler.IsPlain
            ? (int)llamaSampler.Chain.Sample(_context, batchIndex)
            : SampleManaged(llamaSampler, batchIndex);
    }

    public bool TrimSequence(int sequence, int keep)
    {
        var id = (LLamaSeqId)sequence;
        // A sliding-window or recurrent memory may no longer hold the first positions; then nothing is reusable.
        if (_context.MemorySequenceMinPosition(id).Value > 0)
        {
            return false;
        }

        // LLamaSharp drops llama_memory_seq_rm's result: a memory that could not cut there still ends past keep.
        _context.MemorySequenceRemove(id, keep, -1);
        return _context.MemorySequenceMaxPosition(id).Value == keep - 1;
    }

    public long SequenceStateSize(int sequence) => (long)(ulong)_context.GetStateSize((LLamaSeqId)sequence);

    public unsafe SequenceState? SaveSequence(int sequence, long size)
    {
        var state = new SequenceState(size);
        var written = (long)(ulong)_context.GetState((byte*)state.DangerousGetHandle(), (nuint)size, (LLamaSeqId)sequence);
        if (written == size)
        {
            return state;
        }

        state.Dispose();
        return null;
    }

    public unsafe bool RestoreSequence(int sequence, SequenceState state)
    {
        var added = false;
        try
        {
            // The reference keeps the buffer alive while llama.cpp reads it, whoever disposes the state meanwhile.
            state.DangerousAddRef(ref added);
            return (long)(ulong)_context.SetState((byte*)state.DangerousGetHandle(), (nuint)state.Length, (LLamaSeqId)sequence) == state.Length;
        }
        finally
        {
            if (added)
            {
                state.DangerousRelease();
            }
        }
    }

    public void FreeSequence(int sequence) => _context.MemorySequenceRemove((LLamaSeqId)sequence, -1, -1);

    public void FreeAll() => _context.MemoryClear(true);

    public void Dispose()
    {
        // The index is built from the model's vocabulary, which the engine frees after this: let a build finish first.
        try
        {
            _prefixIndex?.Wait();
        }
        catch (AggregateException)
        {
            // A failed build only meant the full pass was used; nothing to free.
        }

        _context.Dispose();
        _grammars.Dispose();
    }
}

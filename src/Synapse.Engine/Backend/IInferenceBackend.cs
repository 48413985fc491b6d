using LLama.Native;
using Synapse.Engine.Generation;
using Synapse.Engine.Grammar;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Backend;

/// <summary>
/// What the scheduler needs from a model runtime: sequence state (a sampler per request), one batch decoded per step,
/// sampling from that batch, and freeing a sequence. Only the inference loop's thread calls the batch and sequence
/// members; <see cref="CreateSampler"/> runs on the submitting thread.
/// </summary>
internal interface IInferenceBackend : IDisposable
{
    /// <summary>Sequences the backend holds at once (the scheduler's slots).</summary>
    int Sequences { get; }

    /// <summary>KV cells of all sequences together.</summary>
    long KvCacheCapacity { get; }

    /// <summary>Most tokens one batch may hold.</summary>
    int BatchCapacity { get; }

    /// <summary>Tokens in the batch being built.</summary>
    int BatchTokenCount { get; }

    /// <summary>
    /// Values of a pooled embedding when the context computes embeddings (an embedding model), 0 when it computes
    /// logits. An embedding context has no logits to sample.
    /// </summary>
    int EmbeddingLength { get; }

    /// <summary>The pooled embedding of <paramref name="sequence"/> after the last decode (embedding contexts only).</summary>
    float[] PooledEmbedding(int sequence);

    bool IsEndOfGeneration(int token);

    /// <summary>The token's bytes as generated text shows them.</summary>
    byte[] Piece(int token);

    /// <summary>The token's bytes with special tokens rendered as their text (for preserved tokens).</summary>
    byte[] SpecialPiece(int token);

    /// <summary>The ids of those <paramref name="texts"/> that are single control tokens (rendered as nothing in generated text).</summary>
    IReadOnlySet<int> ControlTokens(IReadOnlyList<string> texts);

    /// <summary>
    /// A request's own sampling state, fed the prompt where its penalties need it, with its grammar compiled (an
    /// <see cref="InvalidGrammarException"/> when the grammar is rejected). A lazy grammar's triggers read the
    /// <paramref name="preserved"/> tokens as their text.
    /// </summary>
    ITokenSampler CreateSampler(SamplingOptions sampling, GrammarConstraint? grammar, IReadOnlySet<int> preserved, ReadOnlySpan<int> prompt, int contextSize);

    /// <summary>One real decode so the first request does not pay for lazy allocations; leaves every sequence empty.</summary>
    void WarmUp();

    void ClearBatch();

    /// <summary>Adds one token of <paramref name="sequence"/> at <paramref name="position"/>; returns its index in the batch.</summary>
    int AddToBatch(int token, int position, int sequence, bool logits);

    DecodeResult Decode();

    /// <summary>
    /// Samples <paramref name="sampler"/>'s next token from the logits at <paramref name="batchIndex"/>; -1 when its
    /// grammar allows no token at all.
    /// </summary>
    int Sample(ITokenSampler sampler, int batchIndex);

    /// <summary>
    /// Keeps the first <paramref name="keep"/> positions of <paramref name="sequence"/> and removes the rest; false when
    /// the memory cannot keep exactly that prefix (recurrent state, cells a sliding window already dropped), and the
    /// caller must free the sequence instead.
    /// </summary>
    bool TrimSequence(int sequence, int keep);

    /// <summary>Bytes the sequence's state (KV cells) takes when saved; 0 when it has none to save.</summary>
    long SequenceStateSize(int sequence);

    /// <summary>
    /// The sequence's state in a new native buffer of <paramref name="size"/> bytes (<see cref="SequenceStateSize"/>),
    /// owned by the caller; null when the state no longer has that size.
    /// </summary>
    SequenceState? SaveSequence(int sequence, long size);

    /// <summary>Loads a state <see cref="SaveSequence"/> returned into the empty <paramref name="sequence"/>; false when it does not fit.</summary>
    bool RestoreSequence(int sequence, SequenceState state);

    /// <summary><paramref name="token"/>'s log-probability under the raw logits at <paramref name="batchIndex"/>, with the <paramref name="top"/> most likely tokens.</summary>
    TokenLogprob Logprob(int batchIndex, int token, int top);

    /// <summary>Forgets everything <paramref name="sequence"/> holds.</summary>
    void FreeSequence(int sequence);

    /// <summary>Forgets every sequence (after a step failed half-way).</summary>
    void FreeAll();
}

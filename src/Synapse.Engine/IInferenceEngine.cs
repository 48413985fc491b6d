using Synapse.Engine.Embeddings;
using Synapse.Engine.Generation;
using Synapse.Engine.Model;

namespace Synapse.Engine;

/// <summary>
/// The model and its scheduler, as HTTP handlers see them. Everything here is safe to call from any thread; nothing
/// but <see cref="SubmitAsync"/> reaches the inference loop, and that only through a queue.
/// </summary>
public interface IInferenceEngine
{
    /// <summary>What was loaded; throws <see cref="EngineUnavailableException"/> until it is.</summary>
    ModelDescription Model { get; }

    /// <summary>Tokens one sequence may hold (prompt plus output).</summary>
    int ContextSize { get; }

    /// <summary>True once the model is loaded and a warm-up decode has run, false again once draining begins.</summary>
    bool IsReady { get; }

    /// <summary>
    /// Completes once the model is loaded and warmed up (at once if it already is), faults with the error when loading
    /// failed, and is cancelled by <paramref name="cancellationToken"/>.
    /// </summary>
    Task WhenReadyAsync(CancellationToken cancellationToken);

    int[] Tokenize(string text, bool addSpecial, bool parseSpecial);

    string Detokenize(IReadOnlyList<int> tokens);

    /// <summary>
    /// The bytes of the tokens' pieces one after the other, as llama.cpp's <c>token_to_piece</c> gives them (special
    /// tokens as their text when <paramref name="renderSpecial"/>). A piece may be part of a UTF-8 character. Throws
    /// <see cref="ArgumentOutOfRangeException"/> for an id outside the vocabulary.
    /// </summary>
    byte[] TokenBytes(IReadOnlyList<int> tokens, bool renderSpecial);

    /// <summary>
    /// Queues a generation. Throws <see cref="ContextLengthExceededException"/> when it cannot fit,
    /// <see cref="QueueFullException"/> when the waiting queue is full and <see cref="EngineUnavailableException"/>
    /// while loading or draining. Input is checked by the caller: anything else invalid is an
    /// <see cref="InvalidOperationException"/>. Cancelling <paramref name="cancellationToken"/> cancels the generation
    /// and frees its slot.
    /// </summary>
    ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Embeds each input (token ids) with an embedding model: every input is its own sequence, batched with the
    /// others through the inference loop. Throws <see cref="EmbeddingsNotSupportedException"/> for a generative
    /// model, <see cref="EmbeddingInputTooLongException"/> when an input cannot be read at once, and
    /// <see cref="QueueFullException"/>/<see cref="EngineUnavailableException"/> as <see cref="SubmitAsync"/> does.
    /// An engine that cannot embed at all keeps this default.
    /// </summary>
    Task<EmbeddingResult> EmbedAsync(IReadOnlyList<IReadOnlyList<int>> inputs, CancellationToken cancellationToken) =>
        throw new EmbeddingsNotSupportedException("This engine does not compute embeddings.");

    EngineStats GetStats();
}

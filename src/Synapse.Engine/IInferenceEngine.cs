using Synapse.Engine.Generation;
using Synapse.Engine.Model;

namespace Synapse.Engine;

/// <summary>
/// The model and its inference loop, as HTTP handlers see them. Everything here is safe to call from any
/// thread; nothing but <see cref="SubmitAsync"/> talks to the loop, and that only through a channel.
/// </summary>
public interface IInferenceEngine
{
    ModelDescription Model { get; }

    /// <summary>Tokens one sequence may hold (prompt plus output).</summary>
    int ContextSize { get; }

    /// <summary>True once the model is loaded and a warm-up decode has run.</summary>
    bool IsReady { get; }

    int[] Tokenize(string text, bool addSpecial, bool parseSpecial);

    string Detokenize(IReadOnlyList<int> tokens);

    /// <summary>Renders messages with llama.cpp's built-in template support for the model's template.</summary>
    string ApplyChatTemplate(IReadOnlyList<ChatTurn> messages, bool addAssistantPrompt);

    /// <summary>
    /// Queues a generation. Throws <see cref="ContextLengthExceededException"/> when it cannot fit and
    /// <see cref="QueueFullException"/> when the waiting queue is full. Cancelling <paramref name="cancellationToken"/>
    /// cancels the generation and frees its slot.
    /// </summary>
    ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken);

    EngineStats GetStats();
}

using Synapse.Engine.Generation;

namespace Synapse.Engine.Scheduling;

internal sealed partial class InferenceLoop
{
    /// <summary>
    /// One step of an embedding context: every admitted input whose tokens fit the batch's remaining room joins it
    /// whole (each its own sequence; an encoder needs the whole input in one ubatch), one decode pools them all, and
    /// each input leaves with its vector, its sequence freed. Inputs that did not fit wait for the next step.
    /// </summary>
    private void EmbedStep()
    {
        _backend.ClearBatch();
        var promptTokens = 0;
        foreach (var slot in _active)
        {
            slot.BatchTokens = 0;
            var prompt = slot.Request!.Prompt;
            if (prompt.Length > _batchSize - promptTokens)
            {
                continue;
            }

            for (var i = 0; i < prompt.Length; i++)
            {
                // Every token is an output: mean pooling reads them all.
                _backend.AddToBatch(prompt[i], i, slot.SequenceId, true);
            }

            slot.BatchTokens = prompt.Length;
            promptTokens += prompt.Length;
        }

        var result = _backend.Decode();
        if (DecodeResultOverride is { } fault)
        {
            result = fault(result);
        }

        Interlocked.Increment(ref _counters.DecodeSteps);
        if (result != LLama.Native.DecodeResult.Ok)
        {
            FailBatch(result);
            return;
        }

        Interlocked.Add(ref _counters.PromptTokensTotal, promptTokens);
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var slot = _active[i];
            if (slot.BatchTokens == 0)
            {
                continue;
            }

            var request = slot.Request!;
            request.Embedding = _backend.PooledEmbedding(slot.SequenceId);
            _backend.FreeSequence(slot.SequenceId);
            slot.Tokens.Clear();
            Leave(slot);
            request.Finish(FinishReason.Stop);
        }
    }

    /// <summary>A free slot, its cells emptied (an embedding request keeps nothing of an earlier one).</summary>
    private SequenceSlot FreeSlot()
    {
        foreach (var slot in _slots)
        {
            if (slot.IsFree)
            {
                if (slot.Tokens.Count > 0)
                {
                    slot.Tokens.Clear();
                    _backend.FreeSequence(slot.SequenceId);
                }

                return slot;
            }
        }

        throw new InvalidOperationException("No free slot, though fewer requests than slots are active.");
    }
}

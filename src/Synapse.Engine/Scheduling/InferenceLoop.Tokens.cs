using System.Diagnostics;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Synapse.Engine.Generation;
using Synapse.Engine.Text;

namespace Synapse.Engine.Scheduling;

internal sealed partial class InferenceLoop
{
    /// <summary>Handles a sampled token; returns how the sequence ends, or null to go on.</summary>
    private FinishReason? OnToken(SequenceSlot slot, int token)
    {
        var request = slot.Request!;
        if (token < 0)
        {
            // The grammar allows no token of the vocabulary: nothing valid can follow.
            LogGrammarExhausted(request.CompletionTokens);
            return FinishReason.Stop;
        }

        request.CompletionTokens++;
        Interlocked.Increment(ref _counters.GenerationTokensTotal);
        if (request.FirstTokenAt == 0)
        {
            request.FirstTokenAt = Stopwatch.GetTimestamp();
        }

        slot.Pending = token;
        if (!request.IgnoreEos && _backend.IsEndOfGeneration(token))
        {
            return FinishReason.Stop;
        }

        if (request.TopLogprobs is { } top)
        {
            // Before the text, so a reader holding a text delta can already read the tokens behind it.
            request.WriteLogprob(_backend.Logprob(slot.LogitsIndex, token, top));
        }

        Emit(request, request.Preserved.Contains(token) ? _backend.SpecialPiece(token) : _backend.Piece(token));
        if (request.Stop.Stopped)
        {
            return FinishReason.Stop;
        }

        // MaxTokens is already capped so that prompt plus output fits the sequence's context.
        return request.CompletionTokens >= request.MaxTokens ? FinishReason.Length : null;
    }

    /// <summary>Each prompt token of this step's chunk, predicted by the logits of the token before it.</summary>
    private void CapturePromptLogprobs(Generation request)
    {
        var (batchIndex, position, count) = request.PromptChunk;
        request.PromptChunk = default;
        var list = request.PromptLogprobList ??= new List<TokenLogprob?>(request.Prompt.Length) { null };
        var top = request.TopLogprobs ?? 0;
        for (var i = 0; i < count && position + i + 1 < request.Prompt.Length; i++)
        {
            list.Add(_backend.Logprob(batchIndex + i, request.Prompt[position + i + 1], top));
        }
    }

    private void Emit(Generation request, ReadOnlySpan<byte> bytes, bool flush = false)
    {
        var needed = Utf8StreamDecoder.MaxCharCount(bytes.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[needed * 2];
        }

        var count = request.Decoder.Decode(bytes, _chars, flush);
        if (count == 0)
        {
            return;
        }

        // Without stop strings Push is a plain copy.
        request.Write(request.Stop.Push(_chars.AsSpan(0, count)));
    }

    /// <summary>Frees the sequence's KV cells and ends its request; the slot takes the next request in the same loop turn.</summary>
    private void Release(SequenceSlot slot, FinishReason reason)
    {
        var request = slot.Request!;
        _cache.Release(slot);
        if (reason != FinishReason.Cancelled && !request.Stop.Stopped)
        {
            // An unfinished character at the very end becomes U+FFFD; text held for a stop string is released.
            Emit(request, [], flush: true);
            request.Write(request.Stop.Flush());
        }

        // The slot is free before the caller sees the end, so stats read after a completion never count it.
        Leave(slot);
        request.Finish(reason);
    }

    private void Leave(SequenceSlot slot)
    {
        slot.Reset();
        _active.Remove(slot);
        Interlocked.Decrement(ref _counters.Running);
        Interlocked.Decrement(ref _counters.Outstanding);
        PublishKvUsage();
    }

    /// <summary>A failed decode ends the requests that were in the batch with an error; the loop goes on.</summary>
    private void FailBatch(DecodeResult result)
    {
        var error = new InvalidOperationException($"llama_decode failed ({result}, code {(int)result}) for a batch of {_backend.BatchTokenCount} tokens.");
        LogDecodeFailed(result, _backend.BatchTokenCount);
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var slot = _active[i];
            if (slot.BatchTokens > 0)
            {
                Fail(slot, error);
            }
        }
    }

    private void FailActive(Exception error)
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            Fail(_active[i], error);
        }

        try
        {
            foreach (var slot in _slots)
            {
                slot.Tokens.Clear();
            }

            _backend.FreeAll();
        }
        catch (Exception e)
        {
            LogStepFailed(e);
        }
    }

    private void Fail(SequenceSlot slot, Exception error)
    {
        try
        {
            slot.Tokens.Clear();
            _backend.FreeSequence(slot.SequenceId);
        }
        finally
        {
            var request = slot.Request!;
            Leave(slot);
            request.Fail(error);
        }
    }

    private void PublishKvUsage()
    {
        long used = 0;
        foreach (var slot in _active)
        {
            used += slot.Past;
        }

        Volatile.Write(ref _counters.KvCacheUsedTokens, used);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The grammar allows no token of the vocabulary after {Tokens} tokens; ending the generation")]
    private partial void LogGrammarExhausted(int tokens);

    [LoggerMessage(Level = LogLevel.Error, Message = "llama_decode failed with {Result} for a batch of {Tokens} tokens; failing the requests in it")]
    private partial void LogDecodeFailed(DecodeResult result, int tokens);

    [LoggerMessage(Level = LogLevel.Error, Message = "An inference step failed; failing the running requests")]
    private partial void LogStepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The inference loop failed")]
    private partial void LogLoopFailed(Exception exception);
}

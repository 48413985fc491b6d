using System.Diagnostics;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Synapse.Engine.Generation;
using Synapse.Engine.Text;

namespace Synapse.Engine.Scheduling;

internal sealed partial class InferenceLoop
{
    /// <summary>Handles a sampled token; returns how the sequence ends, or null to go on.</summary>
    private FinishReason? OnToken(SequenceSlot slot, LLamaToken token)
    {
        var request = slot.Request!;
        request.CompletionTokens++;
        Interlocked.Increment(ref _counters.GenerationTokensTotal);
        if (request.FirstTokenAt == 0)
        {
            request.FirstTokenAt = Stopwatch.GetTimestamp();
        }

        slot.Pending = token;
        var id = (int)token;
        if ((uint)id < (uint)_isEndOfGeneration.Length && _isEndOfGeneration[id] && !request.IgnoreEos)
        {
            return FinishReason.Stop;
        }

        Emit(request, Piece(token));
        if (request.Stop.Stopped)
        {
            return FinishReason.Stop;
        }

        // MaxTokens is already capped so that prompt plus output fits the sequence's context.
        return request.CompletionTokens >= request.MaxTokens ? FinishReason.Length : null;
    }

    /// <summary>The token's bytes as llama.cpp renders it (special tokens render as nothing), cached per token.</summary>
    private byte[] Piece(LLamaToken token)
    {
        var id = (int)token;
        if ((uint)id >= (uint)_pieces.Length)
        {
            return [];
        }

        if (_pieces[id] is { } cached)
        {
            return cached;
        }

        var length = (int)_model.TokenToSpan(token, _bytes, 0, false);
        if (length > _bytes.Length)
        {
            _bytes = new byte[length * 2];
            length = (int)_model.TokenToSpan(token, _bytes, 0, false);
        }

        var piece = _bytes.AsSpan(0, Math.Max(0, length)).ToArray();
        _pieces[id] = piece;
        return piece;
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
        _context.MemorySequenceRemove(slot.SequenceId, -1, -1);
        if (reason != FinishReason.Cancelled && !request.Stop.Stopped)
        {
            // An unfinished character at the very end becomes U+FFFD; text held for a stop string is released.
            Emit(request, [], flush: true);
            request.Write(request.Stop.Flush());
        }

        request.Finish(reason);
        Leave(slot);
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
        var error = new InvalidOperationException($"llama_decode failed ({result}, code {(int)result}) for a batch of {_batch.TokenCount} tokens.");
        LogDecodeFailed(result, _batch.TokenCount);
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
            _context.MemoryClear(true);
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
            _context.MemorySequenceRemove(slot.SequenceId, -1, -1);
        }
        finally
        {
            slot.Request!.Fail(error);
            Leave(slot);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "llama_decode failed with {Result} for a batch of {Tokens} tokens; failing the requests in it")]
    private partial void LogDecodeFailed(DecodeResult result, int tokens);

    [LoggerMessage(Level = LogLevel.Error, Message = "An inference step failed; failing the running requests")]
    private partial void LogStepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The inference loop failed")]
    private partial void LogLoopFailed(Exception exception);
}

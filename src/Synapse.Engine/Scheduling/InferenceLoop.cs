using System.Diagnostics;
using System.Threading.Channels;
using LLama.Native;
using Synapse.Engine.Backend;
using Synapse.Engine.Caching;
using Microsoft.Extensions.Logging;
using Synapse.Engine.Generation;

namespace Synapse.Engine.Scheduling;

/// <summary>
/// The one thread that owns the backend and the sequence slots. Each step builds one batch: the pending token of every
/// generating sequence plus a bounded chunk of prompt tokens of sequences still reading their prompt (continuous
/// batching with chunked prefill), decodes it once, then samples each sequence with its own sampler.
/// </summary>
internal sealed partial class InferenceLoop
{
    private readonly IInferenceBackend _backend;
    private readonly ChannelReader<Generation> _queue;
    private readonly EngineCounters _counters;
    private readonly ILogger _logger;
    private readonly SequenceSlot[] _slots;
    private readonly int _batchSize;
    private readonly int _prefillChunk;
    private readonly PrefixCache _cache;
    // Slots in the order they were admitted, so the oldest prompt is read first.
    private readonly List<SequenceSlot> _active = [];
    // Followers of an admitted request that found no free slot yet; they go before anything queued after them.
    private readonly Queue<Generation> _followers = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private char[] _chars = new char[Text.Utf8StreamDecoder.MaxCharCount(256)];

    public InferenceLoop(
        IInferenceBackend backend,
        ChannelReader<Generation> queue,
        EngineCounters counters,
        ILogger logger,
        int prefillChunk,
        PrefixCacheOptions cache)
    {
        _backend = backend;
        _queue = queue;
        _counters = counters;
        _logger = logger;
        _batchSize = backend.BatchCapacity;
        _prefillChunk = Math.Min(prefillChunk, _batchSize);
        _cache = new PrefixCache(backend, cache, counters);
        _slots = new SequenceSlot[backend.Sequences];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new SequenceSlot(i);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "synapse-inference" };
    }

    /// <summary>Completes once the warm-up decode ran (or faults if it failed).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Completes when the thread has left the loop (the queue was completed and every slot ended).</summary>
    public Task Exited => _exited.Task;

    public bool IsStarted { get; private set; }

    /// <summary>Test seam: replaces the result of the next decodes (e.g. to simulate a full KV cache).</summary>
    internal Func<DecodeResult, DecodeResult>? DecodeResultOverride { get; set; }

    public void Start()
    {
        IsStarted = true;
        _thread.Start();
    }

    private void Run()
    {
        try
        {
            _backend.WarmUp();
            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            _exited.TrySetResult();
            return;
        }

        try
        {
            while (true)
            {
                ReleaseCancelled();
                Admit();
                if (_active.Count == 0)
                {
                    // Idle: block until a request arrives or the queue is completed (shutdown). No spinning.
                    if (!_queue.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }

                    continue;
                }

                try
                {
                    Step();
                }
                catch (Exception e)
                {
                    LogStepFailed(e);
                    FailActive(e);
                }
            }
        }
        catch (Exception e)
        {
            LogLoopFailed(e);
            FailActive(e);
        }
        finally
        {
            _cache.Dispose();
            _exited.TrySetResult();
        }
    }

    private void ReleaseCancelled()
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var slot = _active[i];
            if (slot.Request!.CancelRequested)
            {
                Release(slot, FinishReason.Cancelled);
            }
        }
    }

    private void Admit()
    {
        while (_active.Count < _slots.Length && NextWaiting() is { } request)
        {
            if (!request.TryStart())
            {
                // Cancelled while it waited; it was already finished and uncounted.
                continue;
            }

            // Free slots were reset when their last request left; their KV cells may still hold a reusable prefix.
            // Embeddings never use the prefix cache: an encoder attends both ways, and each input's cells are freed.
            var (slot, cached) = request.Embed ? (FreeSlot(), 0) : _cache.Assign(_slots, request.Prompt, reuse: !request.PromptLogprobs);
            slot.Request = request;
            slot.Past = cached;
            slot.Prefilled = cached;
            request.CachedTokens = cached;
            request.AdmittedAt = Stopwatch.GetTimestamp();
            _active.Add(slot);
            Interlocked.Decrement(ref _counters.Waiting);
            Interlocked.Increment(ref _counters.Running);
        }
    }

    /// <summary>The oldest waiting request: a follower of one already admitted, else the queue's next.</summary>
    private Generation? NextWaiting()
    {
        if (_followers.TryDequeue(out var follower))
        {
            return follower;
        }

        if (!_queue.TryRead(out var request))
        {
            return null;
        }

        foreach (var next in request.Followers)
        {
            _followers.Enqueue(next);
        }

        return request;
    }

    private void Step()
    {
        if (_backend.EmbeddingLength > 0)
        {
            EmbedStep();
            return;
        }

        _backend.ClearBatch();

        // Every generating sequence advances by one token each step.
        foreach (var slot in _active)
        {
            slot.LogitsIndex = -1;
            slot.BatchTokens = 0;
            if (!slot.IsPrefilling)
            {
                slot.LogitsIndex = _backend.AddToBatch(slot.Pending, slot.Past, slot.SequenceId, true);
                slot.Tokens.Add(slot.Pending);
                slot.BatchTokens = 1;
            }
        }

        // Then prompt tokens, oldest request first, within the chunk and batch limits. The chunk only protects
        // streams that are generating: with none, the whole batch reads prompts (cold prefill at full speed).
        var generating = _backend.BatchTokenCount;
        var budget = generating == 0 ? _batchSize : Math.Min(_prefillChunk, _batchSize - generating);
        var promptTokens = 0;
        foreach (var slot in _active)
        {
            if (budget <= 0)
            {
                break;
            }

            if (!slot.IsPrefilling)
            {
                continue;
            }

            var prompt = slot.Request!.Prompt;
            var take = Math.Min(budget, prompt.Length - slot.Prefilled);
            var allLogits = slot.Request.PromptLogprobs;
            for (var i = 0; i < take; i++)
            {
                var position = slot.Prefilled + i;
                var last = position == prompt.Length - 1;
                var index = _backend.AddToBatch(prompt[position], position, slot.SequenceId, last || allLogits);
                slot.Tokens.Add(prompt[position]);
                if (i == 0 && allLogits)
                {
                    slot.Request.PromptChunk = (index, position, take);
                }

                if (last)
                {
                    slot.LogitsIndex = index;
                }
            }

            slot.Prefilled += take;
            slot.BatchTokens = take;
            budget -= take;
            promptTokens += take;
        }

        var result = _backend.Decode();
        if (DecodeResultOverride is { } fault)
        {
            result = fault(result);
        }

        Interlocked.Increment(ref _counters.DecodeSteps);
        if (result != DecodeResult.Ok)
        {
            FailBatch(result);
            return;
        }

        Interlocked.Add(ref _counters.PromptTokensTotal, promptTokens);
        foreach (var slot in _active)
        {
            slot.Past += slot.BatchTokens;
        }

        // Backwards, so a finished sequence can leave the list while we walk it.
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var slot = _active[i];
            if (slot.Request!.PromptLogprobs && slot.Request.PromptChunk.Count > 0)
            {
                CapturePromptLogprobs(slot.Request);
            }

            if (slot.LogitsIndex < 0)
            {
                continue;
            }

            if (slot.Request.MaxTokens == 0)
            {
                // Only the prompt's logprobs were asked for (echo with max_tokens 0).
                Release(slot, FinishReason.Length);
                continue;
            }

            var token = _backend.Sample(slot.Request.Sampler!, slot.LogitsIndex);
            var finish = OnToken(slot, token);
            if (finish is { } reason)
            {
                Release(slot, reason);
            }
        }

        PublishKvUsage();
    }
}

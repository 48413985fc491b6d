using System.Diagnostics;
using System.Threading.Channels;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Synapse.Engine.Generation;

namespace Synapse.Engine.Scheduling;

/// <summary>
/// The one thread that owns the llama context and the sequence slots. Each step builds one batch: the pending token
/// of every generating sequence plus a bounded chunk of prompt tokens of sequences still reading their prompt
/// (continuous batching with chunked prefill), decodes it once, then samples each sequence natively from the
/// context with its own sampler chain.
/// </summary>
internal sealed partial class InferenceLoop
{
    private readonly SafeLLamaContextHandle _context;
    private readonly SafeLlamaModelHandle _model;
    private readonly ChannelReader<Generation> _queue;
    private readonly EngineCounters _counters;
    private readonly ILogger _logger;
    private readonly SequenceSlot[] _slots;
    private readonly int _batchSize;
    private readonly int _prefillChunk;
    private readonly LLamaBatch _batch = new();
    private readonly bool[] _isEndOfGeneration;
    private readonly byte[]?[] _pieces;
    // Slots in the order they were admitted, so the oldest prompt is read first.
    private readonly List<SequenceSlot> _active = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private byte[] _bytes = new byte[256];
    private char[] _chars = new char[Text.Utf8StreamDecoder.MaxCharCount(256)];

    public InferenceLoop(
        SafeLLamaContextHandle context,
        SafeLlamaModelHandle model,
        ChannelReader<Generation> queue,
        EngineCounters counters,
        ILogger logger,
        int slots,
        int batchSize,
        int prefillChunk)
    {
        _context = context;
        _model = model;
        _queue = queue;
        _counters = counters;
        _logger = logger;
        _batchSize = batchSize;
        _prefillChunk = Math.Min(prefillChunk, batchSize);
        _slots = new SequenceSlot[slots];
        for (var i = 0; i < slots; i++)
        {
            _slots[i] = new SequenceSlot(i);
        }

        var vocab = model.Vocab;
        _isEndOfGeneration = new bool[vocab.Count];
        for (var t = 0; t < _isEndOfGeneration.Length; t++)
        {
            _isEndOfGeneration[t] = ((LLamaToken)t).IsEndOfGeneration(vocab);
        }

        _pieces = new byte[]?[vocab.Count];
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
            WarmUp();
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
            _exited.TrySetResult();
        }
    }

    /// <summary>One real decode so the first request does not pay for lazy allocations, then an empty cache.</summary>
    private void WarmUp()
    {
        var vocab = _model.Vocab;
        var token = vocab.BOS ?? vocab.EOS ?? (LLamaToken)0;
        _batch.Clear();
        _batch.Add(token, 0, _slots[0].SequenceId, true);
        var result = _context.Decode(_batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"The warm-up decode failed: {result}.");
        }

        _context.MemoryClear(true);
        _batch.Clear();
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
        while (_active.Count < _slots.Length && _queue.TryRead(out var request))
        {
            if (!request.TryStart())
            {
                // Cancelled while it waited; it was already finished and uncounted.
                continue;
            }

            // Free slots were reset when their last request left.
            var slot = Array.Find(_slots, s => s.IsFree)!;
            slot.Request = request;
            request.AdmittedAt = Stopwatch.GetTimestamp();
            _active.Add(slot);
            Interlocked.Decrement(ref _counters.Waiting);
            Interlocked.Increment(ref _counters.Running);
        }
    }

    private void Step()
    {
        _batch.Clear();

        // Every generating sequence advances by one token each step.
        foreach (var slot in _active)
        {
            slot.LogitsIndex = -1;
            slot.BatchTokens = 0;
            if (!slot.IsPrefilling)
            {
                slot.LogitsIndex = _batch.Add(slot.Pending, slot.Past, slot.SequenceId, true);
                slot.BatchTokens = 1;
            }
        }

        // Then prompt tokens, oldest request first, within the chunk and batch limits.
        var budget = Math.Min(_prefillChunk, _batchSize - _batch.TokenCount);
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
            for (var i = 0; i < take; i++)
            {
                var position = slot.Prefilled + i;
                var last = position == prompt.Length - 1;
                var index = _batch.Add(prompt[position], position, slot.SequenceId, last);
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

        var result = _context.Decode(_batch);
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
            if (slot.LogitsIndex < 0)
            {
                continue;
            }

            var token = slot.Request!.Sampler.Sample(_context, slot.LogitsIndex);
            var finish = OnToken(slot, token);
            if (finish is { } reason)
            {
                Release(slot, reason);
            }
        }

        PublishKvUsage();
    }
}

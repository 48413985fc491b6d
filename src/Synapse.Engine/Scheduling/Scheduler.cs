using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Synapse.Engine.Backend;
using Synapse.Engine.Embeddings;
using Synapse.Engine.Generation;

namespace Synapse.Engine.Scheduling;

/// <summary>
/// Admission, the bounded wait queue, readiness and drain in front of the one <see cref="InferenceLoop"/> that owns a
/// backend's sequences. Calls go one way: engine → scheduler → loop → backend. Nothing here waits on the loop.
/// </summary>
internal sealed partial class Scheduler : IAsyncDisposable
{
    private const string Loading = "The model is still loading.";
    private const string ShuttingDown = "The server is shutting down and accepts no new requests.";

    private readonly ILogger _logger;
    private readonly EngineCounters _counters = new();
    private readonly Channel<Generation> _queue = Channel.CreateUnbounded<Generation>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<Generation> _outstanding = [];
    private SchedulerOptions? _options;
    private IInferenceBackend? _backend;
    private InferenceLoop? _loop;
    // Embedding requests in flight: their admission counts requests, not inputs, so one long list of inputs waits its
    // turn instead of refusing everyone else.
    private int _embeddingRequests;
    private volatile bool _running;
    private volatile bool _accepting = true;
    private volatile string _unavailableReason = Loading;

    public Scheduler(ILogger logger)
    {
        _logger = logger;
        // Nobody may await readiness; an unobserved failed load is reported by whoever loads.
        _ = _ready.Task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
    }

    /// <summary>Completes once the loop runs (the backend's warm-up decode done); faults when loading failed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Running and not draining.</summary>
    public bool IsReady => _running && _accepting;

    /// <summary>Why requests are refused now (loading, failed, draining).</summary>
    public string UnavailableReason => _unavailableReason;

    internal InferenceLoop? Loop => _loop;

    /// <summary>Starts the loop over <paramref name="backend"/> (which the scheduler then owns) and waits for its warm-up.</summary>
    public async Task StartAsync(IInferenceBackend backend, SchedulerOptions options, CancellationToken cancellationToken)
    {
        Debug.Assert(_backend is null, "The scheduler starts once.");
        _options = options;
        _backend = backend;
        _loop = new InferenceLoop(backend, _queue.Reader, _counters, _logger, options.PrefillChunk, options.PrefixCache);
        _loop.Start();
        await _loop.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        _running = true;
        _unavailableReason = _accepting ? "" : _unavailableReason;
        _ready.TrySetResult();
    }

    /// <summary>Loading failed: readiness faults with <paramref name="error"/> and requests are refused with its message.</summary>
    public void LoadFailed(Exception error)
    {
        _unavailableReason = $"The model failed to load: {error.Message}";
        _ready.TrySetException(error);
    }

    public GenerationHandle Submit(GenerationRequest request, int vocabularySize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accepting)
        {
            throw new EngineUnavailableException(ShuttingDown);
        }

        if (!_running || _options is not { } options || _backend is not { } backend)
        {
            throw new EngineUnavailableException(_unavailableReason);
        }

        if (backend.EmbeddingLength > 0)
        {
            throw new EmbeddingsNotSupportedException("This is an embedding model: it answers embeddings requests only.");
        }

        var prompt = RequestAssertions.Prompt(request, vocabularySize);
        var contextSize = options.ContextSize;
        var requested = request.MaxTokens ?? 0;
        if (prompt.Length + requested > contextSize || (request.MaxTokens is null && prompt.Length >= contextSize))
        {
            throw new ContextLengthExceededException(contextSize, prompt.Length, requested);
        }

        var maxTokens = Math.Min(request.MaxTokens ?? int.MaxValue, contextSize - prompt.Length);

        // Admission: as many as there are slots, plus QueueSize waiting.
        if (Interlocked.Increment(ref _counters.Outstanding) > backend.Sequences + options.QueueSize)
        {
            Interlocked.Decrement(ref _counters.Outstanding);
            throw new QueueFullException(options.QueueSize);
        }

        Generation generation;
        try
        {
            var preserved = backend.ControlTokens(request.PreservedTokens);
            var sampler = backend.CreateSampler(request.Sampling, request.Grammar, preserved, prompt, contextSize);
            generation = new Generation(_counters, prompt, maxTokens, request.IgnoreEos, request.Stop, sampler)
            {
                Preserved = preserved,
                TopLogprobs = request.Logprobs,
                PromptLogprobs = request.PromptLogprobs,
            };
        }
        catch
        {
            Interlocked.Decrement(ref _counters.Outstanding);
            throw;
        }

        if (maxTokens == 0 && !request.PromptLogprobs)
        {
            // Nothing to generate (e.g. echo-only completions): done without touching the loop.
            generation.TryStart();
            generation.Finish(FinishReason.Length);
            Interlocked.Decrement(ref _counters.Outstanding);
            return generation;
        }

        lock (_outstanding)
        {
            _outstanding.Add(generation);
        }

        Interlocked.Increment(ref _counters.Waiting);
        generation.Register(cancellationToken);
        if (!_queue.Writer.TryWrite(generation))
        {
            // The loop has shut down between the check above and here.
            generation.Cancel();
            throw new EngineUnavailableException(ShuttingDown);
        }

        ForgetWhenDone(generation);
        return generation;
    }

    /// <summary>
    /// Embeds <paramref name="inputs"/>: each input becomes an embedding generation of its own sequence, all queued as
    /// one item (the first input leads, the others follow it) so the loop admits and batches them together.
    /// Admission counts requests: while fewer than slots plus the queue size are in flight a request is admitted, and
    /// all its inputs then wait their turn in order.
    /// Vectors are L2-normalised off the loop when <paramref name="normalize"/>.
    /// </summary>
    public async Task<EmbeddingResult> EmbedAsync(IReadOnlyList<IReadOnlyList<int>> inputs, int vocabularySize, bool normalize,
        CancellationToken cancellationToken)
    {
        var generations = SubmitEmbeddings(inputs, vocabularySize, cancellationToken);
        try
        {
            // The inputs' own counters track the loop; the request leaves admission when this call ends.
            var results = await Task.WhenAll(generations.Select(g => g.Completion)).ConfigureAwait(false);
            var vectors = new float[results.Length][];
            var tokens = 0;
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i].Embedding is not { } vector)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new OperationCanceledException("The embedding request was cancelled.");
                }

                if (normalize)
                {
                    EmbeddingVectors.Normalize(vector);
                }

                vectors[i] = vector;
                tokens += results[i].PromptTokens;
            }

            return new EmbeddingResult(vectors, tokens);
        }
        finally
        {
            // A failed or cancelled input frees the others' slots and queue places at once.
            foreach (var generation in generations)
            {
                await generation.DisposeAsync().ConfigureAwait(false);
            }

            Interlocked.Decrement(ref _embeddingRequests);
        }
    }

    private Generation[] SubmitEmbeddings(IReadOnlyList<IReadOnlyList<int>> inputs, int vocabularySize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accepting)
        {
            throw new EngineUnavailableException(ShuttingDown);
        }

        if (!_running || _options is not { } options || _backend is not { } backend)
        {
            throw new EngineUnavailableException(_unavailableReason);
        }

        if (backend.EmbeddingLength == 0)
        {
            throw new EmbeddingsNotSupportedException("This model generates text; it does not compute embeddings.");
        }

        if (inputs.Count == 0)
        {
            throw new InvalidOperationException("An embedding request reached the engine without inputs.");
        }

        var limit = Math.Min(options.ContextSize, backend.BatchCapacity);
        var prompts = new int[inputs.Count][];
        for (var i = 0; i < prompts.Length; i++)
        {
            prompts[i] = RequestAssertions.Prompt(new GenerationRequest { PromptTokens = inputs[i] }, vocabularySize);
            if (prompts[i].Length > limit)
            {
                throw new EmbeddingInputTooLongException(i, prompts[i].Length, limit);
            }
        }

        if (Interlocked.Increment(ref _embeddingRequests) > backend.Sequences + options.QueueSize)
        {
            Interlocked.Decrement(ref _embeddingRequests);
            throw new QueueFullException(options.QueueSize);
        }

        Interlocked.Add(ref _counters.Outstanding, prompts.Length);
        var followers = prompts[1..].Select(p => new Generation(_counters, p, 0, ignoreEos: false, [], sampler: null) { Embed = true }).ToArray();
        var lead = new Generation(_counters, prompts[0], 0, ignoreEos: false, [], sampler: null) { Embed = true, Followers = followers };
        Generation[] generations = [lead, .. followers];
        lock (_outstanding)
        {
            _outstanding.UnionWith(generations);
        }

        Interlocked.Add(ref _counters.Waiting, generations.Length);
        foreach (var generation in generations)
        {
            generation.Register(cancellationToken);
            ForgetWhenDone(generation);
        }

        // One write: the loop, which may wake the moment anything is queued, sees the whole request or none of it.
        if (!_queue.Writer.TryWrite(lead))
        {
            // The loop has shut down meanwhile: none of this request's inputs will be embedded.
            foreach (var any in generations)
            {
                any.Cancel();
            }

            Interlocked.Decrement(ref _embeddingRequests);
            throw new EngineUnavailableException(ShuttingDown);
        }

        return generations;
    }

    private void ForgetWhenDone(Generation generation) =>
        _ = generation.Completion.ContinueWith(
            static (_, state) =>
            {
                var (scheduler, g) = ((Scheduler, Generation))state!;
                lock (scheduler._outstanding)
                {
                    scheduler._outstanding.Remove(g);
                }
            },
            (this, generation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public EngineStats GetStats(int slots, long kvCapacityBeforeStart) => new(
        Math.Max(0, Volatile.Read(ref _counters.Running)),
        Math.Max(0, Volatile.Read(ref _counters.Waiting)),
        slots,
        Volatile.Read(ref _counters.KvCacheUsedTokens),
        _backend is { } backend ? backend.KvCacheCapacity : kvCapacityBeforeStart,
        Interlocked.Read(ref _counters.PromptTokensTotal),
        Interlocked.Read(ref _counters.GenerationTokensTotal),
        Interlocked.Read(ref _counters.DecodeSteps))
    {
        PrefixCacheHits = Interlocked.Read(ref _counters.CacheHits),
        CachedPromptTokensTotal = Interlocked.Read(ref _counters.CachedPromptTokensTotal),
        HostCacheBytes = Volatile.Read(ref _counters.HostCacheBytes),
        HostCacheEntries = Volatile.Read(ref _counters.HostCacheEntries),
        HostCacheRestores = Interlocked.Read(ref _counters.HostCacheRestores),
        HostCacheEvictions = Volatile.Read(ref _counters.HostCacheEvictions),
    };

    /// <summary>Stops admitting: readiness turns false and new submissions are refused with <see cref="EngineUnavailableException"/>.</summary>
    public void BeginDrain()
    {
        _accepting = false;
        _unavailableReason = "The server is shutting down.";
    }

    /// <summary>
    /// Graceful stop: stops admitting, lets running and waiting requests finish until <paramref name="cancellationToken"/>
    /// fires (the host's shutdown timeout), then cancels the rest and stops the loop.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        BeginDrain();
        var pending = SnapshotOutstanding();
        if (pending.Length > 0)
        {
            LogDraining(pending.Length);
            try
            {
                await Task.WhenAll(pending.Select(g => g.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogDrainTimeout();
            }
            catch (Exception)
            {
                // A failed request is finished too; its caller sees the error.
            }
        }

        await StopLoopAsync().ConfigureAwait(false);
    }

    /// <summary>Cancels what is left, stops the loop and frees the backend.</summary>
    public async ValueTask DisposeAsync()
    {
        BeginDrain();
        await StopLoopAsync().ConfigureAwait(false);
        _backend?.Dispose();
    }

    private async Task StopLoopAsync()
    {
        foreach (var g in SnapshotOutstanding())
        {
            g.Cancel();
        }

        _queue.Writer.TryComplete();
        if (_loop is { IsStarted: true })
        {
            await _loop.Exited.ConfigureAwait(false);
        }
    }

    private Generation[] SnapshotOutstanding()
    {
        lock (_outstanding)
        {
            return [.. _outstanding];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: waiting for {Count} requests to finish")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached; cancelling the remaining requests")]
    private partial void LogDrainTimeout();
}

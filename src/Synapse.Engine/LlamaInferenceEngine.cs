using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;
using Synapse.Engine.Model;
using Synapse.Engine.Native;
using Synapse.Engine.Sampling;
using Synapse.Engine.Scheduling;

namespace Synapse.Engine;

/// <summary>
/// llama.cpp through LLamaSharp's low-level API: one model, one context holding <see cref="EngineOptions.Parallel"/>
/// sequences, and one dedicated thread (<see cref="InferenceLoop"/>) that owns them. Callers only ever touch the model
/// handle (tokenizer, templates), which is thread-safe, and a channel into the loop.
/// </summary>
public sealed partial class LlamaInferenceEngine : IInferenceEngine, IAsyncDisposable
{
    /// <summary>OpenAI's limit, which the HTTP layer enforces as well.</summary>
    public const int MaxStopStrings = 4;

    private readonly EngineOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly EngineCounters _counters = new();
    private readonly Channel<Scheduling.Generation> _queue = Channel.CreateUnbounded<Scheduling.Generation>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lifecycle = new();
    private readonly HashSet<Scheduling.Generation> _outstanding = [];
    private SafeLlamaModelHandle? _model;
    private SafeLLamaContextHandle? _context;
    private InferenceLoop? _loop;
    private ModelDescription? _description;
    private string? _chatTemplateName;
    private Task? _loading;
    private int _contextSize;
    private int _threads;
    private long _kvCapacity;
    private volatile bool _ready;
    private volatile bool _accepting = true;
    private volatile string? _unavailableReason = "The model is still loading.";
    private bool _disposed;

    public LlamaInferenceEngine(IOptions<EngineOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = Clone(options.Value);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<LlamaInferenceEngine>();
        _contextSize = _options.ContextSize;
    }

    /// <summary>Loads a model and starts its loop without a host (tests, in-process benchmarks).</summary>
    public static async Task<LlamaInferenceEngine> LoadAsync(EngineOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = new LlamaInferenceEngine(Microsoft.Extensions.Options.Options.Create(options), loggerFactory);
        try
        {
            await engine.LoadAsync(cancellationToken).ConfigureAwait(false);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public EngineOptions Options => Clone(_options);

    public ModelDescription Model => _description ?? throw new EngineUnavailableException(_unavailableReason ?? "The model is not loaded.");

    public int ContextSize => _contextSize;

    public bool IsReady => _ready;

    /// <summary>Threads llama.cpp decodes with (generation and batch).</summary>
    public int Threads => _threads;

    /// <summary>Total KV cells of the context (all sequences).</summary>
    public long KvCacheCapacity => Interlocked.Read(ref _kvCapacity);

    internal InferenceLoop? Loop => _loop;

    /// <summary>Completes when the model is loaded and warmed up; faults when loading failed.</summary>
    public Task WhenReady => _loaded.Task;

    /// <summary>Loads the model, creates the context, runs the warm-up decode and starts the loop. Idempotent.</summary>
    public Task LoadAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loading ??= LoadCoreAsync(cancellationToken);
            return _loading;
        }
    }

    /// <summary>
    /// Loads <paramref name="modelPath"/> in place of <see cref="EngineOptions.ModelPath"/> (a model resolved after the
    /// options were read: downloaded or converted). Idempotent: once loading has begun, the path is no longer changed.
    /// </summary>
    public Task LoadAsync(string modelPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loading is null)
            {
                _options.ModelPath = modelPath;
            }

            _loading ??= LoadCoreAsync(cancellationToken);
            return _loading;
        }
    }

    private async Task LoadCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            EngineOptionsValidator.ThrowIfInvalid(_options);
            // Loading blocks for seconds; keep it off the caller's thread so the host answers /health meanwhile.
            await Task.Run(() => LoadModel(cancellationToken), cancellationToken).ConfigureAwait(false);
            _loop!.Start();
            await _loop.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            _unavailableReason = null;
            _ready = _accepting;
            LogReady(_description!.Path, _description.Architecture, _description.Description, _description.ParameterCount,
                _description.FileType, _contextSize, _options.Parallel, _threads, _options.UnifiedKvCache, _description.NativeVariant);
            _loaded.TrySetResult();
        }
        catch (Exception e)
        {
            _unavailableReason = $"The model failed to load: {e.Message}";
            _loaded.TrySetException(e);
            throw;
        }
    }

    private void LoadModel(CancellationToken cancellationToken)
    {
        NativeRuntime.Initialize(_loggerFactory);
        cancellationToken.ThrowIfCancellationRequested();

        var path = Path.GetFullPath(_options.ModelPath);
        var modelParams = LLamaModelParams.Default();
        modelParams.n_gpu_layers = 0;
        _model = SafeLlamaModelHandle.LoadFromFile(path, modelParams);
        cancellationToken.ThrowIfCancellationRequested();

        var trainContext = _model.ContextSize;
        _contextSize = _options.ContextSize > 0 ? _options.ContextSize : Math.Min(trainContext > 0 ? trainContext : 4096, 4096);
        _threads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;
        var batchSize = Math.Max(_options.BatchSize, _options.Parallel);

        var contextParams = LLamaContextParams.Default();
        contextParams.n_ctx = checked((uint)(_contextSize * _options.Parallel));
        contextParams.n_seq_max = (uint)_options.Parallel;
        contextParams.n_batch = (uint)batchSize;
        contextParams.n_ubatch = (uint)batchSize;
        contextParams.n_threads = _threads;
        contextParams.n_threads_batch = _threads;
        contextParams.kv_unified = _options.UnifiedKvCache;
        contextParams.no_perf = true;
        _context = SafeLLamaContextHandle.Create(_model, contextParams);
        Interlocked.Exchange(ref _kvCapacity, _context.ContextSize);

        _description = ModelDescriptionReader.Read(path, _model, NativeRuntime.Variant);
        _chatTemplateName = ResolveChatTemplate();
        _loop = new InferenceLoop(_context, _model, _queue.Reader, _counters, _logger, _options.Parallel, batchSize,
            _options.PrefillChunk);
    }

    /// <summary>
    /// The model's own template when llama.cpp's built-in support recognises it, otherwise ChatML (as llama-server
    /// falls back), so rendering never fails on the request path. Null means "the model's own".
    /// </summary>
    private string? ResolveChatTemplate()
    {
        if (_description!.ChatTemplate is not null)
        {
            try
            {
                var probe = new LLamaTemplate(_model!, null, true);
                probe.Add("user", "hello");
                _ = probe.Apply();
                return null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogTemplateFallback(e.Message);
            }
        }
        else
        {
            LogNoTemplate();
        }

        // llama_chat_apply_template takes a built-in template's name in place of its text.
        return "chatml";
    }

    /// <summary>"model" when the model's own template is used, else the name of the built-in template used instead.</summary>
    public string ChatTemplateSource => _chatTemplateName ?? "model";

    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = LoadedModel.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8);
        return MemoryMarshal.Cast<LLamaToken, int>(tokens.AsSpan()).ToArray();
    }

    public string Detokenize(IReadOnlyList<int> tokens) => Detokenize(tokens, renderSpecial: false);

    /// <summary>Text of <paramref name="tokens"/>; special tokens render as their text only when asked.</summary>
    public string Detokenize(IReadOnlyList<int> tokens, bool renderSpecial)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var model = LoadedModel;
        var vocabSize = model.Vocab.Count;
        var bytes = new List<byte>(tokens.Count * 4);
        Span<byte> piece = stackalloc byte[256];
        foreach (var id in tokens)
        {
            if ((uint)id >= (uint)vocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), id, $"Token id {id} is outside the vocabulary (0..{vocabSize - 1}).");
            }

            var length = (int)model.TokenToSpan(id, piece, 0, renderSpecial);
            if (length > piece.Length)
            {
                var large = new byte[length];
                model.TokenToSpan(id, large, 0, renderSpecial);
                bytes.AddRange(large);
            }
            else
            {
                bytes.AddRange(piece[..length]);
            }
        }

        return Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(bytes));
    }

    public string ApplyChatTemplate(IReadOnlyList<ChatTurn> messages, bool addAssistantPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = LoadedModel;
        var template = _chatTemplateName is null ? new LLamaTemplate(model, null, true) : new LLamaTemplate(_chatTemplateName);
        template.AddAssistant = addAssistantPrompt;
        foreach (var turn in messages)
        {
            template.Add(turn.Role, turn.Content);
        }

        return Encoding.UTF8.GetString(template.Apply());
    }

    public ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accepting)
        {
            throw new EngineUnavailableException("The server is shutting down and accepts no new requests.");
        }

        var model = LoadedModel;
        if (!_ready)
        {
            throw new EngineUnavailableException(_unavailableReason ?? "The engine is not ready.");
        }

        var prompt = ValidatePrompt(request.PromptTokens, model.Vocab.Count);
        ValidateStops(request.Stop);
        SamplerChainFactory.Validate(request.Sampling);
        if (request.MaxTokens is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxTokens, "MaxTokens must be 0 or more.");
        }

        var requested = request.MaxTokens ?? 0;
        if (prompt.Length + requested > _contextSize || (request.MaxTokens is null && prompt.Length >= _contextSize))
        {
            throw new ContextLengthExceededException(_contextSize, prompt.Length, requested);
        }

        var maxTokens = Math.Min(request.MaxTokens ?? int.MaxValue, _contextSize - prompt.Length);

        // Admission: as many as there are slots, plus QueueSize waiting.
        if (Interlocked.Increment(ref _counters.Outstanding) > _options.Parallel + _options.QueueSize)
        {
            Interlocked.Decrement(ref _counters.Outstanding);
            throw new QueueFullException(_options.QueueSize);
        }

        Scheduling.Generation generation;
        try
        {
            var sampler = SamplerChainFactory.Create(request.Sampling, prompt, _contextSize);
            generation = new Scheduling.Generation(_counters, prompt, maxTokens, request.IgnoreEos, request.Stop, sampler);
        }
        catch
        {
            Interlocked.Decrement(ref _counters.Outstanding);
            throw;
        }

        if (maxTokens == 0)
        {
            // Nothing to generate (e.g. echo-only completions): done without touching the loop.
            generation.TryStart();
            generation.Finish(FinishReason.Length);
            Interlocked.Decrement(ref _counters.Outstanding);
            return ValueTask.FromResult<GenerationHandle>(generation);
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
            throw new EngineUnavailableException("The server is shutting down and accepts no new requests.");
        }

        _ = generation.Completion.ContinueWith(
            static (_, state) =>
            {
                var (engine, g) = ((LlamaInferenceEngine, Scheduling.Generation))state!;
                lock (engine._outstanding)
                {
                    engine._outstanding.Remove(g);
                }
            },
            (this, generation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        return ValueTask.FromResult<GenerationHandle>(generation);
    }

    public EngineStats GetStats() => new(
        Math.Max(0, Volatile.Read(ref _counters.Running)),
        Math.Max(0, Volatile.Read(ref _counters.Waiting)),
        _options.Parallel,
        Volatile.Read(ref _counters.KvCacheUsedTokens),
        KvCacheCapacity is > 0 and var capacity ? capacity : (long)_contextSize * _options.Parallel,
        Interlocked.Read(ref _counters.PromptTokensTotal),
        Interlocked.Read(ref _counters.GenerationTokensTotal),
        Interlocked.Read(ref _counters.DecodeSteps));

    /// <summary>Stops admitting: readiness turns false and new submissions are refused with <see cref="EngineUnavailableException"/>.</summary>
    public void BeginDrain()
    {
        _accepting = false;
        _ready = false;
        _unavailableReason = "The server is shutting down.";
    }

    /// <summary>
    /// Graceful stop: stops admitting, lets running and waiting requests finish until <paramref name="cancellationToken"/>
    /// fires (the host's shutdown timeout), then cancels the rest and stops the loop.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
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

        await ShutdownLoopAsync().ConfigureAwait(false);
    }

    private async Task ShutdownLoopAsync()
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

    public async ValueTask DisposeAsync()
    {
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        BeginDrain();
        if (_loading is not null)
        {
            try
            {
                await _loading.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Disposing after a failed load only has to free what was created.
            }
        }

        await ShutdownLoopAsync().ConfigureAwait(false);
        _context?.Dispose();
        _model?.Dispose();
    }

    private Scheduling.Generation[] SnapshotOutstanding()
    {
        lock (_outstanding)
        {
            return [.. _outstanding];
        }
    }

    private SafeLlamaModelHandle LoadedModel =>
        _description is not null && _model is not null
            ? _model
            : throw new EngineUnavailableException(_unavailableReason ?? "The model is not loaded.");

    private static LLamaToken[] ValidatePrompt(IReadOnlyList<int> tokens, int vocabSize)
    {
        if (tokens is null || tokens.Count == 0)
        {
            throw new ArgumentException("The prompt is empty: at least one token is needed.", nameof(tokens));
        }

        var prompt = new LLamaToken[tokens.Count];
        for (var i = 0; i < prompt.Length; i++)
        {
            var id = tokens[i];
            if ((uint)id >= (uint)vocabSize)
            {
                throw new ArgumentException($"Prompt token {id} at index {i} is outside the vocabulary (0..{vocabSize - 1}).", nameof(tokens));
            }

            prompt[i] = id;
        }

        return prompt;
    }

    private static void ValidateStops(IReadOnlyList<string> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Count > MaxStopStrings)
        {
            throw new ArgumentException($"At most {MaxStopStrings} stop strings are allowed, got {stops.Count}.", nameof(stops));
        }

        foreach (var stop in stops)
        {
            if (string.IsNullOrEmpty(stop))
            {
                throw new ArgumentException("Stop strings must not be empty.", nameof(stops));
            }
        }
    }

    private static EngineOptions Clone(EngineOptions o) => new()
    {
        ModelPath = o.ModelPath,
        Parallel = o.Parallel,
        ContextSize = o.ContextSize,
        Threads = o.Threads,
        BatchSize = o.BatchSize,
        PrefillChunk = o.PrefillChunk,
        QueueSize = o.QueueSize,
        UnifiedKvCache = o.UnifiedKvCache,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Model ready: {Path} ({Architecture}, {Description}, {Parameters} parameters, {FileType}); context {ContextSize} per sequence, {Slots} slots, {Threads} threads, unified KV {UnifiedKv}, llama.cpp CPU variant {NativeVariant}")]
    private partial void LogReady(string path, string architecture, string description, long parameters, string fileType, int contextSize, int slots, int threads, bool unifiedKv, string nativeVariant);

    // Debug: the node renders prompts with its Jinja interpreter; this only concerns ApplyChatTemplate (llama.cpp's own support).
    [LoggerMessage(Level = LogLevel.Debug, Message = "ApplyChatTemplate: llama.cpp's built-in chat templates do not recognise the model's template ({Reason}); it uses ChatML")]
    private partial void LogTemplateFallback(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ApplyChatTemplate: the model has no chat template; it uses ChatML")]
    private partial void LogNoTemplate();

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: waiting for {Count} requests to finish")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached; cancelling the remaining requests")]
    private partial void LogDrainTimeout();
}

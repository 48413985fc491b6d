using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Synapse.Engine.Backend;
using Synapse.Engine.Embeddings;
using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;
using Synapse.Engine.Model;
using Synapse.Engine.Native;
using Synapse.Engine.Scheduling;

namespace Synapse.Engine;

/// <summary>
/// llama.cpp as an <see cref="IInferenceEngine"/>: a <see cref="LlamaModel"/> (tokenizer, description) and a
/// <see cref="Scheduler"/> over a <see cref="LlamaBackend"/> (one context holding <see cref="EngineOptions.Parallel"/>
/// sequences, driven by one dedicated thread). This class only loads and stops them.
/// </summary>
public sealed partial class LlamaInferenceEngine : IInferenceEngine, IAsyncDisposable
{
    private readonly EngineOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Scheduler _scheduler;
    private readonly Lock _lifecycle = new();
    private LlamaModel? _model;
    private Task? _loading;
    private int _contextSize;
    private int _threads;
    private bool _disposed;

    public LlamaInferenceEngine(IOptions<EngineOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<LlamaInferenceEngine>();
        _scheduler = new Scheduler(_logger);
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

    public ModelDescription Model => LoadedModel.Description;

    public int ContextSize => _contextSize;

    public bool IsReady => _scheduler.IsReady;

    /// <summary>Threads llama.cpp decodes with (generation and batch).</summary>
    public int Threads => _threads;

    internal InferenceLoop? Loop => _scheduler.Loop;

    public Task WhenReadyAsync(CancellationToken cancellationToken) => _scheduler.Ready.WaitAsync(cancellationToken);

    /// <summary>Loads <see cref="EngineOptions.ModelPath"/>, creates the context, runs the warm-up decode and starts the loop. Idempotent.</summary>
    public Task LoadAsync(CancellationToken cancellationToken = default) => LoadAsync(_options.ModelPath, cancellationToken);

    /// <summary>
    /// Loads <paramref name="modelPath"/> in place of <see cref="EngineOptions.ModelPath"/> (a model resolved after the
    /// options were read: downloaded or converted). Idempotent: once loading has begun, the path is no longer changed.
    /// </summary>
    public Task LoadAsync(string modelPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loading ??= LoadCoreAsync(modelPath, cancellationToken);
            return _loading;
        }
    }

    private async Task LoadCoreAsync(string modelPath, CancellationToken cancellationToken)
    {
        try
        {
            Validate(modelPath);
            // Loading blocks for seconds; keep it off the caller's thread so the host answers /health meanwhile.
            var backend = await Task.Run(() => CreateBackend(modelPath, cancellationToken), cancellationToken).ConfigureAwait(false);
            var schedulerOptions = new SchedulerOptions(_contextSize, _options.QueueSize, _options.PrefillChunk)
            {
                PrefixCache = new Caching.PrefixCacheOptions(_options.PrefixCache, _options.SlotSimilarity, (long)_options.CacheRamMb << 20),
            };
            await _scheduler.StartAsync(backend, schedulerOptions, cancellationToken)
                .ConfigureAwait(false);
            var d = _model!.Description;
            LogReady(d.Path, d.Architecture, d.Description, d.ParameterCount, d.FileType, _contextSize, _options.Parallel, _threads,
                _options.UnifiedKvCache, d.NativeVariant);
        }
        catch (Exception e)
        {
            _scheduler.LoadFailed(e);
            throw;
        }
    }

    /// <summary>The options as configured, with <paramref name="modelPath"/> standing in for the configured path.</summary>
    private void Validate(string modelPath)
    {
        if (modelPath == _options.ModelPath)
        {
            EngineOptionsValidator.ThrowIfInvalid(_options);
            return;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var result = new EngineOptionsValidator(new ResolvedModelSource(modelPath)).Validate(Microsoft.Extensions.Options.Options.DefaultName, _options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(EngineOptions), result.Failures);
        }
    }

    private LlamaBackend CreateBackend(string modelPath, CancellationToken cancellationToken)
    {
        NativeRuntime.Initialize(_loggerFactory);
        cancellationToken.ThrowIfCancellationRequested();
        var model = LlamaModel.Load(modelPath, NativeRuntime.Variant);
        _model = model;
        cancellationToken.ThrowIfCancellationRequested();

        var trainContext = model.Description.TrainContextLength;
        _contextSize = _options.ContextSize > 0 ? _options.ContextSize : Math.Min(trainContext > 0 ? trainContext : 4096, 4096);
        if (model.Description.IsEmbeddingModel && trainContext > 0)
        {
            // An encoder has no positions past its training context (BERT's position table ends there).
            _contextSize = Math.Min(_contextSize, trainContext);
        }

        _threads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;
        return LlamaBackend.Create(model, _options.Parallel, _contextSize, Math.Max(_options.BatchSize, _options.Parallel), _threads,
            _options.UnifiedKvCache);
    }

    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial) => LoadedModel.Tokenize(text, addSpecial, parseSpecial);

    public string Detokenize(IReadOnlyList<int> tokens) => LoadedModel.Detokenize(tokens);

    /// <summary>Text of <paramref name="tokens"/>; special tokens render as their text only when asked.</summary>
    public string Detokenize(IReadOnlyList<int> tokens, bool renderSpecial) => LoadedModel.Detokenize(tokens, renderSpecial);

    public byte[] TokenBytes(IReadOnlyList<int> tokens, bool renderSpecial) => LoadedModel.TokenBytes(tokens, renderSpecial);

    public ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        // The model is set before the scheduler runs; the scheduler refuses while it does not.
        var vocabularySize = _model?.VocabularySize ?? 0;
        return ValueTask.FromResult(_scheduler.Submit(request, vocabularySize, cancellationToken));
    }

    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<IReadOnlyList<int>> inputs, CancellationToken cancellationToken)
    {
        var model = LoadedModel;
        return _scheduler.EmbedAsync(inputs, model.VocabularySize, model.Description.NormalizeEmbeddings, cancellationToken);
    }

    public EngineStats GetStats() => _scheduler.GetStats(_options.Parallel, (long)_contextSize * _options.Parallel);

    /// <summary>Stops admitting: readiness turns false and new submissions are refused with <see cref="EngineUnavailableException"/>.</summary>
    public void BeginDrain() => _scheduler.BeginDrain();

    /// <summary>
    /// Graceful stop: stops admitting, lets running and waiting requests finish until <paramref name="cancellationToken"/>
    /// fires (the host's shutdown timeout), then cancels the rest and stops the loop.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken) => _scheduler.DrainAsync(cancellationToken);

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

        _scheduler.BeginDrain();
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

        await _scheduler.DisposeAsync().ConfigureAwait(false);
        _model?.Dispose();
    }

    private LlamaModel LoadedModel =>
        _model is { } model && _scheduler.Ready.IsCompletedSuccessfully
            ? model
            : throw new EngineUnavailableException(_scheduler.UnavailableReason);

    /// <summary>A path a host's <see cref="IModelSource"/> already resolved (downloaded or converted).</summary>
    private sealed class ResolvedModelSource(string path) : IModelSource
    {
        public Task<string> GetModelPathAsync(EngineOptions configured, CancellationToken cancellationToken) => Task.FromResult(path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model ready: {Path} ({Architecture}, {Description}, {Parameters} parameters, {FileType}); context {ContextSize} per sequence, {Slots} slots, {Threads} threads, unified KV {UnifiedKv}, llama.cpp CPU variant {NativeVariant}")]
    private partial void LogReady(string path, string architecture, string description, long parameters, string fileType, int contextSize, int slots, int threads, bool unifiedKv, string nativeVariant);
}

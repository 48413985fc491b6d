using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;
using Synapse.Engine.Model;
using Synapse.Engine.Scheduling;

namespace Synapse.Engine.Simulation;

/// <summary>
/// An engine without a model, for tests and for benchmarking what sits in front of nodes: the same
/// <see cref="Scheduler"/> as the llama.cpp engine (slots, bounded queue, context limits, max tokens, stop strings,
/// cancellation, draining) over a <see cref="SimulatedBackend"/> that streams a fixed reply at
/// <see cref="SimulationOptions.TokensPerSecond"/> per sequence after a load phase of
/// <see cref="SimulationOptions.LoadTime"/>. Never use it to serve users: it answers nonsense.
/// </summary>
public sealed partial class SimulatedInferenceEngine : IInferenceEngine, IAsyncDisposable
{
    private readonly SimulationOptions _simulation;
    private readonly int _slots;
    private readonly int _queueSize;
    private readonly int _batchSize;
    private readonly int _prefillChunk;
    // Time between two tokens of one sequence; zero answers instantly.
    private readonly TimeSpan _tokenInterval;
    private readonly ILogger _logger;
    private readonly Scheduler _scheduler;
    private readonly ModelDescription _description;
    private readonly Lock _lifecycle = new();
    private Task? _loading;

    public SimulatedInferenceEngine(IOptions<SimulationOptions> simulation, IOptions<EngineOptions> engine, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(engine);
        _simulation = simulation.Value;
        var options = engine.Value;
        if (_simulation.TokensPerSecond < 0 || !double.IsFinite(_simulation.TokensPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(simulation), _simulation.TokensPerSecond, "Tokens per second must be 0 (instant) or positive.");
        }

        _slots = Math.Max(1, options.Parallel);
        _queueSize = Math.Max(0, options.QueueSize);
        _batchSize = Math.Max(options.BatchSize, _slots);
        _prefillChunk = Math.Max(1, options.PrefillChunk);
        ContextSize = options.ContextSize > 0 ? options.ContextSize : 4096;
        _tokenInterval = _simulation.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / _simulation.TokensPerSecond) : TimeSpan.Zero;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SimulatedInferenceEngine>();
        _scheduler = new Scheduler(_logger);
        _description = new ModelDescription
        {
            Path = _simulation.ModelName,
            Architecture = "simulated",
            Description = "simulated engine (no model)",
            ParameterCount = 0,
            SizeBytes = 0,
            FileType = "none",
            TrainContextLength = ContextSize,
            VocabularySize = SimulatedVocabulary.Size,
            ChatTemplate = null,
            AddBos = false,
            NativeVariant = "none",
            EmbeddingLength = Math.Max(0, _simulation.EmbeddingDimensions),
            Pooling = _simulation.EmbeddingDimensions > 0 ? EmbeddingPooling.Mean : null,
        };
    }

    public ModelDescription Model => _scheduler.Ready.IsCompletedSuccessfully ? _description : throw new EngineUnavailableException(_scheduler.UnavailableReason);

    public int ContextSize { get; }

    public bool IsReady => _scheduler.IsReady;

    public Task WhenReadyAsync(CancellationToken cancellationToken) => _scheduler.Ready.WaitAsync(cancellationToken);

    /// <summary>Waits <see cref="SimulationOptions.LoadTime"/>, then starts the scheduler. Idempotent.</summary>
    public Task LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            _loading ??= LoadCoreAsync(cancellationToken);
            return _loading;
        }
    }

    private async Task LoadCoreAsync(CancellationToken cancellationToken)
    {
        LogSimulated(_simulation.ModelName, _simulation.TokensPerSecond, _slots, _simulation.LoadTime.TotalSeconds);
        try
        {
            if (_simulation.LoadTime > TimeSpan.Zero)
            {
                await Task.Delay(_simulation.LoadTime, cancellationToken).ConfigureAwait(false);
            }

            var backend = new SimulatedBackend(_slots, ContextSize, _batchSize, _tokenInterval, Math.Max(0, _simulation.EmbeddingDimensions));
            await _scheduler.StartAsync(backend, new SchedulerOptions(ContextSize, _queueSize, _prefillChunk), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _scheduler.LoadFailed(e);
            throw;
        }
    }

    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SimulatedVocabulary.Tokenize(text, addSpecial);
    }

    public string Detokenize(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return SimulatedVocabulary.Detokenize(tokens);
    }

    public byte[] TokenBytes(IReadOnlyList<int> tokens, bool renderSpecial)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return SimulatedVocabulary.Bytes(tokens);
    }

    public ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_scheduler.Submit(request, SimulatedVocabulary.Size, cancellationToken));

    public Task<Embeddings.EmbeddingResult> EmbedAsync(IReadOnlyList<IReadOnlyList<int>> inputs, CancellationToken cancellationToken) =>
        _scheduler.EmbedAsync(inputs, SimulatedVocabulary.Size, normalize: true, cancellationToken);

    public EngineStats GetStats() => _scheduler.GetStats(_slots, (long)ContextSize * _slots);

    /// <summary>Stops admitting: readiness turns false and new submissions are refused.</summary>
    public void BeginDrain() => _scheduler.BeginDrain();

    /// <summary>Lets running and waiting generations finish until <paramref name="cancellationToken"/> fires, then cancels the rest.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _scheduler.DrainAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _scheduler.BeginDrain();
        if (_loading is not null)
        {
            try
            {
                await _loading.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A cancelled or failed load leaves nothing to wait for.
            }
        }

        await _scheduler.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated engine (tests and benchmarks only): no model is loaded; {Model} streams a fixed reply at {TokensPerSecond} tokens/s per sequence (0 = instant), {Slots} slots, simulated load {LoadSeconds} s")]
    private partial void LogSimulated(string model, double tokensPerSecond, int slots, double loadSeconds);
}

using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;
using Synapse.Engine.Model;

namespace Synapse.Engine.Simulation;

/// <summary>
/// An engine without a model, for tests and for benchmarking what sits in front of nodes: it streams a fixed reply
/// at <see cref="SimulationOptions.TokensPerSecond"/> per sequence and otherwise behaves like the llama.cpp engine
/// as HTTP handlers see it: <see cref="EngineOptions.Parallel"/> slots, a bounded FIFO queue
/// (<see cref="EngineOptions.QueueSize"/>), context limits, max tokens, stop strings, cancellation, a load phase
/// (<see cref="SimulationOptions.LoadTime"/>) and draining. Never use it to serve users: it answers nonsense.
/// </summary>
public sealed partial class SimulatedInferenceEngine : IInferenceEngine, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<SimulatedGeneration> _waiting = new();
    private readonly HashSet<SimulatedGeneration> _outstanding = [];
    private readonly SimulationOptions _simulation;
    private readonly int _slots;
    private readonly int _queueSize;
    private readonly ILogger _logger;
    private readonly ModelDescription _description;
    private int _running;
    private int _waitingCount;
    private long _kvUsed;
    private long _promptTokensTotal;
    private long _generatedTotal;
    private volatile bool _loaded;
    private volatile bool _ready;
    private volatile bool _accepting = true;

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
        ContextSize = options.ContextSize > 0 ? options.ContextSize : 4096;
        TokenInterval = _simulation.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / _simulation.TokensPerSecond) : TimeSpan.Zero;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SimulatedInferenceEngine>();
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
        };
    }

    /// <summary>Time between two tokens of one sequence; zero answers instantly.</summary>
    public TimeSpan TokenInterval { get; }

    public ModelDescription Model => _loaded ? _description : throw new EngineUnavailableException("The model is still loading.");

    public int ContextSize { get; }

    public bool IsReady => _ready;

    /// <summary>Waits <see cref="SimulationOptions.LoadTime"/>, then reports ready.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        LogSimulated(_simulation.ModelName, _simulation.TokensPerSecond, _slots, _simulation.LoadTime.TotalSeconds);
        if (_simulation.LoadTime > TimeSpan.Zero)
        {
            await Task.Delay(_simulation.LoadTime, cancellationToken).ConfigureAwait(false);
        }

        _loaded = true;
        _ready = _accepting;
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

    /// <summary>ChatML, as llama.cpp falls back to for models without a template.</summary>
    public string ApplyChatTemplate(IReadOnlyList<ChatTurn> messages, bool addAssistantPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var builder = new StringBuilder();
        foreach (var turn in messages)
        {
            builder.Append("<|im_start|>").Append(turn.Role).Append('\n').Append(turn.Content).Append("<|im_end|>\n");
        }

        if (addAssistantPrompt)
        {
            builder.Append("<|im_start|>assistant\n");
        }

        return builder.ToString();
    }

    public ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accepting)
        {
            throw new EngineUnavailableException("The server is shutting down and accepts no new requests.");
        }

        if (!_ready)
        {
            throw new EngineUnavailableException("The model is still loading.");
        }

        var promptTokens = request.PromptTokens?.Count ?? 0;
        if (promptTokens == 0)
        {
            throw new ArgumentException("The prompt is empty: at least one token is needed.", nameof(request));
        }

        if (request.Stop.Count > LlamaInferenceEngine.MaxStopStrings)
        {
            throw new ArgumentException($"At most {LlamaInferenceEngine.MaxStopStrings} stop strings are allowed, got {request.Stop.Count}.", nameof(request));
        }

        if (request.MaxTokens is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxTokens, "MaxTokens must be 0 or more.");
        }

        var requested = request.MaxTokens ?? 0;
        if (promptTokens + requested > ContextSize || (request.MaxTokens is null && promptTokens >= ContextSize))
        {
            throw new ContextLengthExceededException(ContextSize, promptTokens, requested);
        }

        var maxTokens = Math.Min(request.MaxTokens ?? int.MaxValue, ContextSize - promptTokens);
        var generation = new SimulatedGeneration(this, promptTokens, maxTokens, request.Stop);
        bool slotGranted;
        lock (_gate)
        {
            if (_outstanding.Count >= _slots + _queueSize)
            {
                throw new QueueFullException(_queueSize);
            }

            _outstanding.Add(generation);
            slotGranted = _running < _slots;
            if (slotGranted)
            {
                _running++;
            }
            else
            {
                _waiting.Enqueue(generation);
                _waitingCount++;
            }
        }

        generation.Start(slotGranted, cancellationToken);
        return ValueTask.FromResult<GenerationHandle>(generation);
    }

    public EngineStats GetStats()
    {
        lock (_gate)
        {
            return new EngineStats(_running, _waitingCount, _slots, Interlocked.Read(ref _kvUsed), (long)ContextSize * _slots,
                Interlocked.Read(ref _promptTokensTotal), Interlocked.Read(ref _generatedTotal), Interlocked.Read(ref _generatedTotal));
        }
    }

    /// <summary>Stops admitting: readiness turns false and new submissions are refused.</summary>
    public void BeginDrain()
    {
        _accepting = false;
        _ready = false;
    }

    /// <summary>Lets running and waiting generations finish until <paramref name="cancellationToken"/> fires, then cancels the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginDrain();
        var pending = Snapshot();
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
            // A failed generation is finished too; its caller saw the error.
        }

        foreach (var generation in Snapshot())
        {
            generation.Cancel();
        }
    }

    public ValueTask DisposeAsync()
    {
        BeginDrain();
        foreach (var generation in Snapshot())
        {
            generation.Cancel();
        }

        return ValueTask.CompletedTask;
    }

    internal void OnAdmitted(int promptTokens)
    {
        Interlocked.Add(ref _kvUsed, promptTokens);
        Interlocked.Add(ref _promptTokensTotal, promptTokens);
    }

    internal void OnToken()
    {
        Interlocked.Increment(ref _kvUsed);
        Interlocked.Increment(ref _generatedTotal);
    }

    internal void OnWaiterCancelled()
    {
        lock (_gate)
        {
            _waitingCount--;
        }
    }

    /// <summary>Forgets a finished generation and passes its slot to the oldest waiter still waiting.</summary>
    internal void OnFinished(SimulatedGeneration generation, bool heldSlot, int kvTokens)
    {
        Interlocked.Add(ref _kvUsed, -kvTokens);
        lock (_gate)
        {
            _outstanding.Remove(generation);
            if (!heldSlot)
            {
                return;
            }

            while (_waiting.TryDequeue(out var next))
            {
                if (next.TryGrantSlot())
                {
                    _waitingCount--;
                    return;
                }
            }

            _running--;
        }
    }

    private SimulatedGeneration[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _outstanding];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated engine (tests and benchmarks only): no model is loaded; {Model} streams a fixed reply at {TokensPerSecond} tokens/s per sequence (0 = instant), {Slots} slots, simulated load {LoadSeconds} s")]
    private partial void LogSimulated(string model, double tokensPerSecond, int slots, double loadSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached; cancelling the remaining simulated generations")]
    private partial void LogDrainTimeout();
}

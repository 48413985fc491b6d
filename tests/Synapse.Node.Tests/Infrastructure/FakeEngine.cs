using System.Text;
using System.Threading.Channels;
using Synapse.Engine;
using Synapse.Engine.Generation;
using Synapse.Engine.Model;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// A deterministic engine for HTTP-level tests: one token per UTF-8 byte (id = byte + 3; 1 = BOS, 2 = EOS), a
/// ChatML template in its description, and generations that repeat <see cref="Script"/> one character per token, honouring max tokens, stop
/// strings, slots, the queue limit and cancellation. Delays let tests watch keep-alives and slot reuse.
/// </summary>
internal sealed class FakeEngine : IInferenceEngine
{
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _running;
    private long _promptTokens;
    private long _generated;

    public string Script { get; set; } = "Hello from the fake engine. ";
    public TimeSpan FirstTokenDelay { get; set; }
    public TimeSpan TokenDelay { get; set; }
    public int Slots { get; set; } = 4;
    public int QueueSize { get; set; } = 4;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isReady = true;

    /// <summary>Loaded or not (loaded unless set false); once it is true, <see cref="WhenReadyAsync"/> completes.</summary>
    public bool Ready
    {
        get => _isReady;
        set
        {
            _isReady = value;
            if (value)
            {
                _ready.TrySetResult();
            }
        }
    }

    public ModelDescription Model { get; set; } = new()
    {
        Path = "fake.gguf", Architecture = "fake", Description = "fake 0M bytes", ParameterCount = 0, SizeBytes = 0,
        FileType = "F32", TrainContextLength = 256, VocabularySize = 259, BosToken = "<s>", EosToken = "</s>",
        AddBos = true, NativeVariant = "none", ChatTemplate = Synapse.TestModels.ChatTemplates.ChatML,
    };

    public int ContextSize { get; set; } = 256;

    public bool IsReady => Ready;

    public Task WhenReadyAsync(CancellationToken cancellationToken) =>
        _isReady ? Task.CompletedTask : _ready.Task.WaitAsync(cancellationToken);

    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        var tokens = new List<int>();
        if (addSpecial)
        {
            tokens.Add(1);
        }

        if (parseSpecial && text.StartsWith("<s>", StringComparison.Ordinal))
        {
            tokens.Add(1);
            text = text[3..];
        }

        tokens.AddRange(Encoding.UTF8.GetBytes(text).Select(b => b + 3));
        return tokens.ToArray();
    }

    public string Detokenize(IReadOnlyList<int> tokens) =>
        Encoding.UTF8.GetString(TokenBytes(tokens, renderSpecial: false));

    public byte[] TokenBytes(IReadOnlyList<int> tokens, bool renderSpecial)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens)
        {
            if (t >= 3)
            {
                bytes.Add((byte)(t - 3));
            }
            else if (renderSpecial)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(t == 1 ? "<s>" : t == 2 ? "</s>" : "<unk>"));
            }
        }

        return bytes.ToArray();
    }

    /// <summary>The prompt tokens of the latest generation submitted (what the model was fed).</summary>
    public IReadOnlyList<int> LastPromptTokens { get; private set; } = [];

    public async ValueTask<GenerationHandle> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        LastPromptTokens = request.PromptTokens;
        var max = request.MaxTokens ?? ContextSize - request.PromptTokens.Count;
        if (request.PromptTokens.Count + max > ContextSize)
        {
            throw new ContextLengthExceededException(ContextSize, request.PromptTokens.Count, max);
        }

        TaskCompletionSource? admission = null;
        lock (_gate)
        {
            if (_running < Slots)
            {
                _running++;
            }
            else if (_waiting.Count < QueueSize)
            {
                admission = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Enqueue(admission);
            }
            else
            {
                throw new QueueFullException(QueueSize);
            }
        }

        await Task.Yield();
        return new Handle(this, request, max, admission, cancellationToken);
    }

    public EngineStats GetStats()
    {
        lock (_gate)
        {
            return new EngineStats(_running, _waiting.Count, Slots, _running * 10, Slots * ContextSize,
                Interlocked.Read(ref _promptTokens), Interlocked.Read(ref _generated), Interlocked.Read(ref _generated));
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            while (_waiting.TryDequeue(out var next))
            {
                if (next.TrySetResult())
                {
                    return; // the slot passes to the next waiter
                }
            }

            _running--;
        }
    }

    private sealed class Handle : GenerationHandle
    {
        private readonly Channel<string> _text = Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource _cancel;
        private readonly Task<GenerationResult> _completion;

        public Handle(FakeEngine engine, GenerationRequest request, int max, TaskCompletionSource? admission, CancellationToken cancellationToken)
        {
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _completion = RunAsync(engine, request, max, admission, _cancel.Token);
        }

        public override ChannelReader<string> Text => _text.Reader;

        public override Task<GenerationResult> Completion => _completion;

        public override async ValueTask DisposeAsync()
        {
            await _cancel.CancelAsync();
            try
            {
                await _completion;
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task<GenerationResult> RunAsync(FakeEngine engine, GenerationRequest request, int max, TaskCompletionSource? admission, CancellationToken token)
        {
            var admitted = admission is null;
            try
            {
                if (admission is not null)
                {
                    await admission.Task.WaitAsync(token);
                    admitted = true;
                }

                Interlocked.Add(ref engine._promptTokens, request.PromptTokens.Count);
                await Task.Delay(engine.FirstTokenDelay, token);
                var script = engine.Script;
                var text = new StringBuilder();
                var emitted = 0;
                var produced = 0;
                while (produced < max)
                {
                    if (produced > 0 && engine.TokenDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(engine.TokenDelay, token);
                    }

                    text.Append(script[produced % script.Length]);
                    produced++;
                    Interlocked.Increment(ref engine._generated);
                    var current = text.ToString();
                    var stopAt = request.Stop.Select(s => current.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
                    if (stopAt >= 0)
                    {
                        if (stopAt > emitted)
                        {
                            _text.Writer.TryWrite(current[emitted..stopAt]);
                        }

                        _text.Writer.TryComplete();
                        return new GenerationResult(FinishReason.Stop, request.PromptTokens.Count, produced, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
                    }

                    // Hold back a tail that may begin a stop string.
                    var hold = request.Stop.Count == 0 ? 0 : request.Stop.Max(s => s.Length) - 1;
                    var safe = Math.Max(emitted, current.Length - hold);
                    if (safe > emitted)
                    {
                        _text.Writer.TryWrite(current[emitted..safe]);
                        emitted = safe;
                    }
                }

                if (text.Length > emitted)
                {
                    _text.Writer.TryWrite(text.ToString(emitted, text.Length - emitted));
                }

                _text.Writer.TryComplete();
                return new GenerationResult(FinishReason.Length, request.PromptTokens.Count, produced, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            }
            catch (OperationCanceledException exception)
            {
                _text.Writer.TryComplete(exception);
                throw;
            }
            finally
            {
                // A waiter cancelled just as its slot was granted still owns the slot.
                if (admitted || (admission is not null && !admission.TrySetCanceled()))
                {
                    engine.Release();
                }
            }
        }
    }
}

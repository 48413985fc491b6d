using System.Collections.Frozen;
using System.Diagnostics;
using System.Threading.Channels;
using Synapse.Engine.Backend;
using Synapse.Engine.Generation;
using Synapse.Engine.Text;

namespace Synapse.Engine.Scheduling;

/// <summary>
/// One submitted request: the caller's handle and the loop's bookkeeping. The state moves Waiting → Running →
/// Finished (or Waiting → Finished when cancelled in the queue) by compare-and-swap, so exactly one side finishes it.
/// </summary>
internal sealed class Generation : GenerationHandle
{
    private const int StateWaiting = 0;
    private const int StateRunning = 1;
    private const int StateFinished = 2;

    private readonly Channel<string> _text = Channel.CreateUnbounded<string>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = true,
        AllowSynchronousContinuations = false,
    });

    private readonly Channel<TokenLogprob> _logprobs = Channel.CreateUnbounded<TokenLogprob>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = true,
        AllowSynchronousContinuations = false,
    });

    // Continuations run on the thread pool, never on the inference loop.
    private readonly TaskCompletionSource<GenerationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EngineCounters _counters;
    private CancellationTokenRegistration _registration;
    private int _state;
    private volatile bool _cancelRequested;

    public Generation(
        EngineCounters counters,
        int[] prompt,
        int maxTokens,
        bool ignoreEos,
        IReadOnlyList<string> stops,
        ITokenSampler? sampler)
    {
        _counters = counters;
        Prompt = prompt;
        MaxTokens = maxTokens;
        IgnoreEos = ignoreEos;
        Stop = new StopStringMatcher(stops);
        Sampler = sampler;
        SubmittedAt = Stopwatch.GetTimestamp();
    }

    public int[] Prompt { get; }

    /// <summary>Most tokens to sample, already capped by the context.</summary>
    public int MaxTokens { get; }

    public bool IgnoreEos { get; }

    /// <summary>The request's sampler; null for an embedding request, which samples nothing.</summary>
    public ITokenSampler? Sampler { get; }

    /// <summary>An embedding request: the prompt is read in one batch and its pooled embedding is the result.</summary>
    public bool Embed { get; init; }

    /// <summary>
    /// The other inputs of this one's embedding request, queued with it as one item: the loop admits them together,
    /// so it never starts a decode with only the part of a request that happened to be queued when it woke.
    /// </summary>
    public IReadOnlyList<Generation> Followers { get; init; } = [];

    /// <summary>The pooled embedding; only the loop writes it, before finishing.</summary>
    public float[]? Embedding { get; set; }

    public Utf8StreamDecoder Decoder { get; } = new();

    public StopStringMatcher Stop { get; }

    public long SubmittedAt { get; }

    public long AdmittedAt { get; set; }

    public long FirstTokenAt { get; set; }

    public int CompletionTokens { get; set; }

    /// <summary>Prompt tokens whose KV cells were reused from an earlier request (not read again).</summary>
    public int CachedTokens { get; set; }

    public bool CancelRequested => _cancelRequested;

    /// <summary>Control tokens the output shows as their text (tool-call markers); other special tokens render as nothing.</summary>
    public IReadOnlySet<int> Preserved { get; init; } = FrozenSet<int>.Empty;

    /// <summary>Alternatives per generated token's logprob, or null for none.</summary>
    public int? TopLogprobs { get; init; }

    public bool PromptLogprobs { get; init; }

    /// <summary>The prompt tokens' logprobs so far (the first null); only the loop writes it.</summary>
    public List<TokenLogprob?>? PromptLogprobList { get; set; }

    /// <summary>This step's prompt chunk: its first batch index, first position and length (prompt logprobs only).</summary>
    public (int BatchIndex, int Position, int Count) PromptChunk { get; set; }

    public override ChannelReader<TokenLogprob> Logprobs => _logprobs.Reader;

    // The loop fills the list while it reads the prompt, before it writes any text: a reader that has read text sees it whole.
    public override IReadOnlyList<TokenLogprob?>? PromptTokenLogprobs => PromptLogprobList;

    public bool IsFinished => Volatile.Read(ref _state) == StateFinished;

    public override ChannelReader<string> Text => _text.Reader;

    public override Task<GenerationResult> Completion => _completion.Task;

    public void Register(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static g => ((Generation)g!).Cancel(), this);
        }
    }

    /// <summary>Called by the loop when it takes the request from the queue; false when it was cancelled meanwhile.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, StateRunning, StateWaiting) == StateWaiting;

    public void Cancel()
    {
        _cancelRequested = true;
        if (Interlocked.CompareExchange(ref _state, StateFinished, StateWaiting) == StateWaiting)
        {
            // Still queued: the loop will skip it, so finish and uncount it here.
            Interlocked.Decrement(ref _counters.Waiting);
            Interlocked.Decrement(ref _counters.Outstanding);
            Sampler?.Dispose();
            Complete(FinishReason.Cancelled);
        }
    }

    /// <summary>Writes a token's logprob; only the loop calls it.</summary>
    public void WriteLogprob(TokenLogprob logprob) => _logprobs.Writer.TryWrite(logprob);

    /// <summary>Writes a text delta; only the loop calls it.</summary>
    public void Write(string delta)
    {
        if (delta.Length > 0)
        {
            _text.Writer.TryWrite(delta);
        }
    }

    /// <summary>Ends a running generation; only the loop calls it.</summary>
    public void Finish(FinishReason reason)
    {
        if (Interlocked.Exchange(ref _state, StateFinished) == StateFinished)
        {
            return;
        }

        Sampler?.Dispose();
        Complete(reason);
    }

    /// <summary>Ends a running generation with an error; only the loop (or shutdown) calls it.</summary>
    public void Fail(Exception error)
    {
        if (Interlocked.Exchange(ref _state, StateFinished) == StateFinished)
        {
            return;
        }

        Sampler?.Dispose();
        _registration.Unregister();
        _text.Writer.TryComplete(error);
        _logprobs.Writer.TryComplete(error);
        _completion.TrySetException(error);
    }

    public override ValueTask DisposeAsync()
    {
        if (!IsFinished)
        {
            Cancel();
        }

        _registration.Unregister();
        return ValueTask.CompletedTask;
    }

    private void Complete(FinishReason reason)
    {
        _registration.Unregister();
        var now = Stopwatch.GetTimestamp();
        var admitted = AdmittedAt == 0 ? now : AdmittedAt;
        var result = new GenerationResult(
            reason,
            Prompt.Length,
            CompletionTokens,
            Stopwatch.GetElapsedTime(SubmittedAt, admitted),
            FirstTokenAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(SubmittedAt, FirstTokenAt),
            Stopwatch.GetElapsedTime(SubmittedAt, now))
        {
            CachedTokens = CachedTokens,
            PromptLogprobs = PromptLogprobList,
            Embedding = Embedding,
        };
        _text.Writer.TryComplete();
        _logprobs.Writer.TryComplete();
        _completion.TrySetResult(result);
    }
}

using System.Diagnostics;
using System.Threading.Channels;
using Synapse.Engine.Generation;
using Synapse.Engine.Text;

namespace Synapse.Engine.Simulation;

/// <summary>
/// One generation of the simulated engine: waits for a slot (FIFO), then writes one word of the fixed reply per
/// token interval until max tokens, a stop string or cancellation, and gives its slot back.
/// </summary>
internal sealed class SimulatedGeneration : GenerationHandle
{
    private readonly Channel<string> _text = Channel.CreateUnbounded<string>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = true,
    });
    private readonly TaskCompletionSource<GenerationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _admission = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancel = new();
    private readonly SimulatedInferenceEngine _engine;
    private readonly StopStringMatcher _stop;
    private readonly int _promptTokens;
    private readonly int _maxTokens;
    private readonly long _submittedAt = Stopwatch.GetTimestamp();
    private CancellationTokenRegistration _callerRegistration;
    private int _finished;

    public SimulatedGeneration(SimulatedInferenceEngine engine, int promptTokens, int maxTokens, IReadOnlyList<string> stops)
    {
        _engine = engine;
        _promptTokens = promptTokens;
        _maxTokens = maxTokens;
        _stop = new StopStringMatcher(stops);
    }

    public override ChannelReader<string> Text => _text.Reader;

    public override Task<GenerationResult> Completion => _completion.Task;

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>Starts the generation; <paramref name="slotGranted"/> says whether it holds a slot already or waits in the queue.</summary>
    public void Start(bool slotGranted, CancellationToken callerToken)
    {
        if (callerToken.CanBeCanceled)
        {
            _callerRegistration = callerToken.UnsafeRegister(static g => ((SimulatedGeneration)g!).Cancel(), this);
        }

        _ = RunAsync(slotGranted);
    }

    /// <summary>Hands a freed slot to this waiting generation; false when it was cancelled meanwhile.</summary>
    public bool TryGrantSlot() => _admission.TrySetResult();

    public void Cancel()
    {
        if (IsFinished)
        {
            return;
        }

        try
        {
            // Callbacks run on the thread pool: the generation may finish (and dispose this source) in one of them.
            _ = _cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Finished between the check and the call.
        }
    }

    public override ValueTask DisposeAsync()
    {
        Cancel();
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(bool slotGranted)
    {
        var token = _cancel.Token;
        var holdsSlot = slotGranted;
        var completionTokens = 0;
        var admittedAt = _submittedAt;
        var firstTokenAt = 0L;
        var reason = FinishReason.Cancelled;
        try
        {
            if (!holdsSlot)
            {
                await using (token.UnsafeRegister(static state =>
                {
                    var g = (SimulatedGeneration)state!;
                    if (g._admission.TrySetCanceled())
                    {
                        g._engine.OnWaiterCancelled();
                    }
                }, this))
                {
                    try
                    {
                        await _admission.Task.ConfigureAwait(false);
                        holdsSlot = true;
                    }
                    catch (OperationCanceledException)
                    {
                        // Cancelled while waiting: it never held a slot and finishes as cancelled.
                    }
                }
            }

            if (holdsSlot)
            {
                admittedAt = Stopwatch.GetTimestamp();
                _engine.OnAdmitted(_promptTokens);
                reason = await GenerateAsync(admittedAt, token, count => completionTokens = count, at => firstTokenAt = at).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            reason = FinishReason.Cancelled;
        }
        catch (Exception e)
        {
            Finish();
            _engine.OnFinished(this, holdsSlot, _promptTokens + completionTokens);
            _text.Writer.TryComplete(e);
            _completion.TrySetException(e);
            return;
        }
        finally
        {
            if (!IsFinished)
            {
                Finish();
                _engine.OnFinished(this, holdsSlot, holdsSlot ? _promptTokens + completionTokens : 0);
            }
        }

        var now = Stopwatch.GetTimestamp();
        _text.Writer.TryComplete();
        _completion.TrySetResult(new GenerationResult(
            reason,
            _promptTokens,
            completionTokens,
            Stopwatch.GetElapsedTime(_submittedAt, admittedAt),
            firstTokenAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_submittedAt, firstTokenAt),
            Stopwatch.GetElapsedTime(_submittedAt, now)));
    }

    private async Task<FinishReason> GenerateAsync(long admittedAt, CancellationToken token, Action<int> setCount, Action<long> setFirstToken)
    {
        var interval = _engine.TokenInterval;
        for (var i = 0; i < _maxTokens; i++)
        {
            if (interval > TimeSpan.Zero)
            {
                // Paced from admission, not from the previous token, so timer slack does not add up over a long reply.
                var wait = interval * (i + 1) - Stopwatch.GetElapsedTime(admittedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, token).ConfigureAwait(false);
                }
            }

            token.ThrowIfCancellationRequested();
            if (i == 0)
            {
                setFirstToken(Stopwatch.GetTimestamp());
            }

            setCount(i + 1);
            _engine.OnToken();
            var released = _stop.Push(SimulatedVocabulary.Words[i % SimulatedVocabulary.Words.Count]);
            if (released.Length > 0)
            {
                _text.Writer.TryWrite(released);
            }

            if (_stop.Stopped)
            {
                return FinishReason.Stop;
            }
        }

        var rest = _stop.Flush();
        if (rest.Length > 0)
        {
            _text.Writer.TryWrite(rest);
        }

        return FinishReason.Length;
    }

    private void Finish()
    {
        Volatile.Write(ref _finished, 1);
        _callerRegistration.Dispose();
        _cancel.Dispose();
    }
}

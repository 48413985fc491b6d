using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Synapse.Engine.Generation;

namespace Synapse.Node.Generation;

/// <summary>
/// Reads the text of one or more generations as one sequence of events. One generation (the common case) is read
/// straight from its channel; several are merged through a channel fed by one pump per generation.
/// </summary>
internal abstract class GenerationEventSource
{
    public static GenerationEventSource Create(IReadOnlyList<GenerationHandle> handles, CancellationToken cancellationToken) =>
        handles.Count == 1 ? new Single(handles[0]) : new Merged(handles, cancellationToken);

    public abstract ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken);

    public abstract bool TryRead(out GenerationEvent item);

    /// <summary>The logprobs already written: the loop writes a token's before its text, so these cover the text read so far.</summary>
    private static List<TokenLogprob>? DrainLogprobs(GenerationHandle handle)
    {
        List<TokenLogprob>? list = null;
        while (handle.Logprobs.TryRead(out var logprob))
        {
            (list ??= []).Add(logprob);
        }

        return list;
    }

    private sealed class Single(GenerationHandle handle) : GenerationEventSource
    {
        private bool _finished;
        private GenerationResult? _result;

        // Pooled: this runs once per token batch on the hot path, so its state machine must not allocate.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
        {
            if (_finished)
            {
                return _result is not null;
            }

            if (await handle.Text.WaitToReadAsync(cancellationToken))
            {
                return true;
            }

            _finished = true;
            _result = await handle.Completion.WaitAsync(cancellationToken);
            return true;
        }

        public override bool TryRead(out GenerationEvent item)
        {
            if (handle.Text.TryRead(out var text))
            {
                item = new GenerationEvent(0, text, null, DrainLogprobs(handle));
                return true;
            }

            if (_finished && _result is not null)
            {
                item = new GenerationEvent(0, null, _result, DrainLogprobs(handle));
                _result = null;
                return true;
            }

            item = default;
            return false;
        }
    }

    private sealed class Merged : GenerationEventSource
    {
        private readonly Channel<GenerationEvent> _events = Channel.CreateUnbounded<GenerationEvent>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        public Merged(IReadOnlyList<GenerationHandle> handles, CancellationToken cancellationToken)
        {
            var pumps = new Task[handles.Count];
            for (var i = 0; i < handles.Count; i++)
            {
                pumps[i] = PumpAsync(i, handles[i], cancellationToken);
            }

            _ = Task.WhenAll(pumps).ContinueWith(
                t => _events.Writer.TryComplete(t.Exception?.InnerException),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private async Task PumpAsync(int slot, GenerationHandle handle, CancellationToken cancellationToken)
        {
            await foreach (var text in handle.Text.ReadAllAsync(cancellationToken))
            {
                _events.Writer.TryWrite(new GenerationEvent(slot, text, null, DrainLogprobs(handle)));
            }

            var result = await handle.Completion.WaitAsync(cancellationToken);
            _events.Writer.TryWrite(new GenerationEvent(slot, null, result, DrainLogprobs(handle)));
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _events.Reader.WaitToReadAsync(cancellationToken);

        public override bool TryRead(out GenerationEvent item) => _events.Reader.TryRead(out item);
    }
}

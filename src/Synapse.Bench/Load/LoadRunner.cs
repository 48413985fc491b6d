namespace Synapse.Bench.Load;

/// <summary>
/// Keeps exactly <see cref="LoadPlan.Concurrency"/> requests in flight (closed loop: each worker sends its next
/// request as soon as its last one ends) until the plan is spent. A duration plan's window and the level's wall time
/// are read from the <see cref="TimeProvider"/> passed in, so tests can close the window with a fake clock.
/// </summary>
public static class LoadRunner
{
    public static async Task<LevelResult> RunAsync(
        IRequestDriver driver, LoadPlan plan, int firstRequestIndex, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(plan.Concurrency, 1);
        var next = -1;
        var started = timeProvider.GetTimestamp();
        var samples = new List<RequestSample>[plan.Concurrency];

        bool TryTake(out int index)
        {
            if (plan.Duration is { } duration && timeProvider.GetElapsedTime(started) >= duration)
            {
                index = -1;
                return false;
            }

            index = Interlocked.Increment(ref next);
            return plan.Requests is not { } total || index < total;
        }

        async Task Worker(int worker)
        {
            var mine = samples[worker] = [];
            while (TryTake(out var index))
            {
                cancellationToken.ThrowIfCancellationRequested();
                RequestSample sample;
                try
                {
                    sample = await driver.SendAsync(firstRequestIndex + index, plan.MaxTokens, null, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    sample = new RequestSample { Succeeded = false, Error = ex.Message, E2eMs = 0 };
                }

                mine.Add(sample);
            }
        }

        var workers = Enumerable.Range(0, plan.Concurrency).Select(w => Task.Run(() => Worker(w), cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
        var wall = timeProvider.GetElapsedTime(started);
        return new LevelResult(plan.Concurrency, samples.SelectMany(s => s).ToList(), wall);
    }
}

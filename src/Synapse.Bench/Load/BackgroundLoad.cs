namespace Synapse.Bench.Load;

/// <summary>
/// Streams that keep a target busy while a level is measured, so "TTFT of a new request while 3 others stream" is
/// one run. Each background stream restarts as soon as it ends; measurement starts once every one of them is
/// generating (past its prefill), and disposing stops them.
/// </summary>
public sealed class BackgroundLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _streams;

    private BackgroundLoad(CancellationTokenSource stop, Task[] streams)
    {
        _stop = stop;
        _streams = streams;
    }

    public static async Task<BackgroundLoad> StartAsync(
        IRequestDriver driver, int streams, int maxTokens, int firstRequestIndex, TextWriter log, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (streams == 0)
        {
            return new BackgroundLoad(stop, []);
        }

        var generating = Enumerable.Range(0, streams).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var next = firstRequestIndex - 1;

        async Task Loop(TaskCompletionSource started)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var index = Interlocked.Increment(ref next);
                    var sample = await driver.SendAsync(index, maxTokens, () => started.TrySetResult(), stop.Token).ConfigureAwait(false);
                    if (!sample.Succeeded && !stop.IsCancellationRequested)
                    {
                        started.TrySetException(new BenchException($"a background stream failed: {sample.Error}"));
                        return;
                    }
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                started.TrySetException(new BenchException($"a background stream failed: {ex.Message}"));
            }
        }

        var tasks = generating.Select(started => Task.Run(() => Loop(started), CancellationToken.None)).ToArray();
        var load = new BackgroundLoad(stop, tasks);
        log.WriteLine($"{streams} background streams…");
        try
        {
            await Task.WhenAll(generating.Select(g => g.Task)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await load.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return load;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var stream in _streams)
        {
            try
            {
                await stream.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Synapse.Bench.Load;

namespace Synapse.Bench.Tests.Load;

public sealed class LoadRunnerTests
{
    /// <summary>Tracks how many requests are in flight at once; every fifth request fails.</summary>
    private sealed class CountingDriver : IRequestDriver
    {
        private int _inFlight;
        public int MaxInFlight;
        public readonly System.Collections.Concurrent.ConcurrentBag<int> Indices = [];

        public async Task<RequestSample> SendAsync(int requestIndex, int maxTokens, Action? onFirstContent, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref MaxInFlight, now);
            Indices.Add(requestIndex);
            onFirstContent?.Invoke();
            // Yield so the workers overlap without waiting on real time.
            await Task.Yield();
            Interlocked.Decrement(ref _inFlight);
            if (requestIndex % 5 == 4)
            {
                throw new InvalidOperationException("driver exploded");
            }

            return new RequestSample { Succeeded = true, E2eMs = 5, TtftMs = 1, CompletionTokens = maxTokens, PromptTokens = 3 };
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }

    [Fact]
    public async Task Runs_exactly_the_planned_requests_never_above_the_concurrency()
    {
        var driver = new CountingDriver();
        var result = await LoadRunner.RunAsync(driver, LoadPlan.ForRequests(3, 20, 7), 100, TimeProvider.System, CancellationToken.None);

        Assert.Equal(20, result.Samples.Count);
        Assert.InRange(driver.MaxInFlight, 1, 3);
        Assert.Equal(Enumerable.Range(100, 20), driver.Indices.Order());
        Assert.Equal(4, result.Samples.Count(s => !s.Succeeded));
        Assert.All(result.Samples.Where(s => !s.Succeeded), s => Assert.Equal("driver exploded", s.Error));
        Assert.All(result.Samples.Where(s => s.Succeeded), s => Assert.Equal(7, s.CompletionTokens));
    }

    /// <summary>Holds every request until the test lets it finish, and reports each one as it starts.</summary>
    private sealed class GatedDriver : IRequestDriver
    {
        private readonly SemaphoreSlim _finish = new(0);
        private readonly Channel<int> _started = Channel.CreateUnbounded<int>();

        public async Task<RequestSample> SendAsync(int requestIndex, int maxTokens, Action? onFirstContent, CancellationToken cancellationToken)
        {
            _started.Writer.TryWrite(requestIndex);
            await _finish.WaitAsync(cancellationToken);
            return new RequestSample { Succeeded = true, E2eMs = 1, TtftMs = 1, CompletionTokens = maxTokens, PromptTokens = 3 };
        }

        public async Task WaitForStartsAsync(int count, CancellationToken cancellationToken)
        {
            for (var i = 0; i < count; i++)
            {
                await _started.Reader.ReadAsync(cancellationToken);
            }
        }

        public bool StartedMore => _started.Reader.TryRead(out _);

        public void Finish(int count) => _finish.Release(count);
    }

    [Fact]
    public async Task A_duration_plan_ends_and_finishes_what_it_started()
    {
        // The window is closed by the fake clock, never by real time: no worker can miss it, however slow the machine.
        var clock = new FakeTimeProvider();
        var driver = new GatedDriver();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = LoadRunner.RunAsync(driver, LoadPlan.ForDuration(2, TimeSpan.FromSeconds(10), 1), 0, clock, timeout.Token);

        await driver.WaitForStartsAsync(2, timeout.Token);
        driver.Finish(2);
        // Inside the window each worker sends its next request as soon as its last one ends.
        await driver.WaitForStartsAsync(2, timeout.Token);
        clock.Advance(TimeSpan.FromSeconds(10));
        driver.Finish(2);
        var result = await run.WaitAsync(timeout.Token);

        Assert.Equal(4, result.Samples.Count);
        Assert.All(result.Samples, s => Assert.True(s.Succeeded));
        Assert.False(driver.StartedMore);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Wall);
    }

    [Fact]
    public async Task A_duration_plan_that_closes_at_once_still_finishes_nothing_it_did_not_start()
    {
        var clock = new FakeTimeProvider();
        var driver = new GatedDriver();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var result = await LoadRunner.RunAsync(driver, LoadPlan.ForDuration(2, TimeSpan.Zero, 1), 0, clock, timeout.Token);

        Assert.Empty(result.Samples);
        Assert.False(driver.StartedMore);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => LoadRunner.RunAsync(new CountingDriver(), LoadPlan.ForRequests(2, 1000, 1), 0, TimeProvider.System, cancel.Token));
    }
}

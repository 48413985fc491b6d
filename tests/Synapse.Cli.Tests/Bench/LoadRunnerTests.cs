using Synapse.Bench.Load;

namespace Synapse.Cli.Tests.Bench;

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
            await Task.Delay(5, cancellationToken);
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
        var result = await LoadRunner.RunAsync(driver, LoadPlan.ForRequests(3, 20, 7), 100, CancellationToken.None);

        Assert.Equal(20, result.Samples.Count);
        Assert.InRange(driver.MaxInFlight, 1, 3);
        Assert.Equal(Enumerable.Range(100, 20), driver.Indices.Order());
        Assert.Equal(4, result.Samples.Count(s => !s.Succeeded));
        Assert.All(result.Samples.Where(s => !s.Succeeded), s => Assert.Equal("driver exploded", s.Error));
        Assert.All(result.Samples.Where(s => s.Succeeded), s => Assert.Equal(7, s.CompletionTokens));
    }

    [Fact]
    public async Task A_duration_plan_ends_and_finishes_what_it_started()
    {
        var driver = new CountingDriver();
        var result = await LoadRunner.RunAsync(driver, LoadPlan.ForDuration(2, TimeSpan.FromMilliseconds(500), 1), 0, CancellationToken.None);

        Assert.NotEmpty(result.Samples);
        Assert.Equal(driver.Indices.Count, result.Samples.Count);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => LoadRunner.RunAsync(new CountingDriver(), LoadPlan.ForRequests(2, 1000, 1), 0, cancel.Token));
    }
}

using Synapse.Bench.Reporting;

namespace Synapse.Bench.Load;

/// <summary>Runs the warm-up request and then every concurrency level of a workload against one driver.</summary>
public static class WorkloadRunner
{
    /// <summary>Request indices of each level start here apart, so no two requests of a run share a prompt order.</summary>
    private const int IndexStride = 1_000_000;

    public static async Task<IReadOnlyList<LevelReport>> RunAsync(
        IRequestDriver driver, WorkloadOptions workload, TextWriter log, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (workload.Warmup)
        {
            log.WriteLine("warm-up request…");
            var warm = await driver.SendAsync(-1, Math.Min(workload.OutputTokens, 16), null, cancellationToken).ConfigureAwait(false);
            if (!warm.Succeeded)
            {
                throw new BenchException($"the warm-up request failed: {warm.Error}");
            }
        }

        var levels = new List<LevelReport>();
        for (var i = 0; i < workload.Concurrency.Count; i++)
        {
            var plan = workload.PlanFor(workload.Concurrency[i]);
            log.WriteLine(plan.Requests is { } n
                ? $"concurrency {plan.Concurrency}: {n} requests…"
                : $"concurrency {plan.Concurrency}: {plan.Duration!.Value.TotalSeconds:F0} s…");
            LevelResult result;
            await using (await BackgroundLoad.StartAsync(driver, workload.Background, workload.OutputTokens, ((i + 1) * IndexStride) + (IndexStride / 2), log, cancellationToken).ConfigureAwait(false))
            {
                result = await LoadRunner.RunAsync(driver, plan, (i + 1) * IndexStride, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var report = LevelReport.From(result);
            log.WriteLine($"concurrency {plan.Concurrency}: {report.Completed} ok, {report.Failed} failed, {report.OutputTokensPerS:F2} output tokens/s");
            levels.Add(report);
        }

        return levels;
    }
}

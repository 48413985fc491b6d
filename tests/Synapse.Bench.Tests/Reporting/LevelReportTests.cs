using Synapse.Bench.Load;
using Synapse.Bench.Reporting;

namespace Synapse.Bench.Tests.Reporting;

public sealed class LevelReportTests
{
    private static RequestSample Ok(double ttft, double e2e, int tokens, params double[] gaps) => new()
    {
        Succeeded = true, TtftMs = ttft, E2eMs = e2e, CompletionTokens = tokens, PromptTokens = 10, ChunkGapsMs = gaps, ContentChunks = gaps.Length + 1,
    };

    [Fact]
    public void Aggregates_only_completed_requests_over_the_wall_time()
    {
        var samples = new[]
        {
            Ok(100, 1100, 11, 100, 100),
            Ok(300, 2300, 21, 50, 150),
            new RequestSample { Succeeded = false, Error = "HTTP 503: busy", E2eMs = 3 },
            new RequestSample { Succeeded = false, Error = "HTTP 503: busy", E2eMs = 3 },
            new RequestSample { Succeeded = false, Error = "timed out", E2eMs = 3 },
        };
        var report = LevelReport.From(new LevelResult(2, samples, TimeSpan.FromSeconds(4)));

        Assert.Equal((5, 2, 3), (report.Requests, report.Completed, report.Failed));
        Assert.Equal(32, report.OutputTokens);
        Assert.Equal(20, report.PromptTokens);
        Assert.Equal(8.0, report.OutputTokensPerS, 10);
        Assert.Equal(0.5, report.RequestsPerS, 10);
        Assert.Equal(200, report.TtftMs!.P50, 10);
        Assert.Equal(1700, report.E2eMs!.P50, 10);
        Assert.Equal(100, report.ItlMs!.P50, 10);
        Assert.Equal(4, report.ItlMs.Count);
        Assert.Equal(100, report.TpotMs!.P50, 10);
        Assert.Equal([new ErrorCount("HTTP 503: busy", 2), new ErrorCount("timed out", 1)], report.Errors);
    }

    [Fact]
    public void A_level_where_everything_failed_has_no_latencies()
    {
        var report = LevelReport.From(new LevelResult(1, [new RequestSample { Succeeded = false, Error = "x", E2eMs = 1 }], TimeSpan.FromSeconds(1)));
        Assert.Equal(0, report.Completed);
        Assert.Null(report.TtftMs);
        Assert.Null(report.E2eMs);
        Assert.Equal(0, report.OutputTokensPerS);
    }
}

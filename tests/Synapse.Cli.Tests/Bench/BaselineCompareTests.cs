using System.Text.Json;
using Synapse.Cli.Bench;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Tests.Fakes;

namespace Synapse.Cli.Tests.Bench;

/// <summary><c>--url A --baseline-url B</c>: both servers benched on one workload in one run, then compared level by level.</summary>
public sealed class BaselineCompareTests
{
    [Fact]
    public async Task Benches_the_baseline_then_the_target_and_reports_both_with_the_comparison()
    {
        await using var target = await FakeOpenAIServer.StartAsync();
        await using var baseline = await FakeOpenAIServer.StartAsync();
        var output = new StringWriter();
        var json = Path.Combine(Path.GetTempPath(), $"synapse-baseline-{Guid.NewGuid():N}.json");
        try
        {
            var code = await new BenchApp("bench").RunAsync(
                ["--url", target.BaseUrl.ToString(), "--baseline-url", baseline.BaseUrl.ToString(), "--concurrency", "2", "--requests", "4",
                 "--prompt-tokens", "30", "--output-tokens", "5", "--json", json],
                output, TextWriter.Null, CancellationToken.None);

            Assert.Equal(ExitCodes.Ok, code);
            // Warm-up plus four measured requests on each server.
            Assert.Equal(5, target.StreamingBodies.Count);
            Assert.Equal(5, baseline.StreamingBodies.Count);
            var text = output.ToString();
            Assert.Contains(" vs ", text, StringComparison.Ordinal);
            Assert.Contains("concurrency 2: out tok/s", text, StringComparison.Ordinal);
            Assert.Contains("TTFT p50", text, StringComparison.Ordinal);

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var runs = report.RootElement.GetProperty("runs");
            Assert.Equal(2, runs.GetArrayLength());
            Assert.StartsWith(baseline.BaseUrl.ToString().TrimEnd('/'), runs[0].GetProperty("settings").GetProperty("target").GetString(), StringComparison.Ordinal);
            var row = Assert.Single(report.RootElement.GetProperty("url_comparison").EnumerateArray());
            Assert.Equal(2, row.GetProperty("concurrency").GetInt32());
            Assert.True(row.GetProperty("throughput_ratio").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Number, row.GetProperty("ttft_p50_delta_ms").ValueKind);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task A_baseline_needs_a_target_url()
    {
        var error = new StringWriter();
        var code = await new BenchApp("bench").RunAsync(["--engine", "m.gguf", "--baseline-url", "http://127.0.0.1:8000"], TextWriter.Null, error, CancellationToken.None);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--baseline-url needs --url", error.ToString(), StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Synapse.Bench.Http;
using Synapse.Bench.Load;
using Synapse.Cli.Commands;
using Synapse.Cli.Tests.Fakes;

namespace Synapse.Cli.Tests.Bench;

/// <summary>The load generator against a real loopback Kestrel server that speaks the streaming protocol.</summary>
public sealed class HttpBenchEndToEndTests
{
    private static WorkloadOptions Workload(params int[] concurrency) => new()
    {
        Concurrency = concurrency,
        Requests = 6,
        PromptTokens = 40,
        OutputTokens = 12,
        RequestTimeout = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task Chat_run_counts_every_request_and_token()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Chat, null, null);

        var run = await HttpBench.RunAsync(target, Workload(1, 3), TextWriter.Null, CancellationToken.None);

        Assert.Equal(FakeOpenAIServer.ModelId, run.Settings.Model);
        Assert.Equal(40, run.Calibration.ActualTokens);
        Assert.Equal(40 - FakeOpenAIServer.ChatOverhead, run.Calibration.Words);
        Assert.Equal([1, 3], run.Levels.Select(l => l.Concurrency));
        foreach (var level in run.Levels)
        {
            Assert.Equal((6, 6, 0), (level.Requests, level.Completed, level.Failed));
            Assert.Equal(6 * 12, level.OutputTokens);
            Assert.Equal(6 * 40, level.PromptTokens);
            Assert.Equal(6 * 11, level.ItlMs!.Count);
            Assert.Equal(6, level.TtftMs!.Count);
            Assert.True(level.OutputTokensPerS > 0);
            Assert.Equal(0, level.UsageMissing);
        }

        // Warm-up plus 12 measured requests, each streaming with usage, greedy, ignore_eos and the calibrated prompt.
        var bodies = server.StreamingBodies.ToList();
        Assert.Equal(13, bodies.Count);
        Assert.All(bodies, b =>
        {
            Assert.Equal(FakeOpenAIServer.ModelId, b.GetProperty("model").GetString());
            Assert.True(b.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            Assert.True(b.GetProperty("ignore_eos").GetBoolean());
            Assert.Equal(0, b.GetProperty("temperature").GetDouble());
        });
        var measured = bodies.Skip(1).Select(b => b.GetProperty("messages")[0].GetProperty("content").GetString()!).ToList();
        Assert.All(measured, m => Assert.Equal(33, FakeOpenAIServer.CountWords(m)));
        Assert.Equal(12, measured.Distinct().Count());
    }

    [Fact]
    public async Task Completions_endpoint_is_calibrated_on_its_own()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Completions, FakeOpenAIServer.ModelId, null);

        var run = await HttpBench.RunAsync(target, Workload(2) with { IgnoreEos = false }, TextWriter.Null, CancellationToken.None);

        Assert.Equal((40, 40), (run.Calibration.ActualTokens, run.Calibration.Words));
        Assert.Equal(6, run.Levels[0].Completed);
        Assert.Equal(6 * 12, run.Levels[0].OutputTokens);
        Assert.All(server.StreamingBodies, b => Assert.False(b.TryGetProperty("ignore_eos", out _)));
    }

    [Fact]
    public async Task Background_streams_run_alongside_but_are_not_measured()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Chat, FakeOpenAIServer.ModelId, null);

        var run = await HttpBench.RunAsync(target, Workload(1) with { Background = 2, Warmup = false }, TextWriter.Null, CancellationToken.None);

        var level = Assert.Single(run.Levels);
        Assert.Equal((6, 6, 0), (level.Requests, level.Completed, level.Failed));
        Assert.Equal(6 * 12, level.OutputTokens);
        Assert.Equal(2, run.Settings.BackgroundStreams);
        // The two background streams sent at least one request each on top of the six measured ones.
        Assert.True(server.StreamingBodies.Count >= 8, $"{server.StreamingBodies.Count} streaming requests");
    }

    [Fact]
    public async Task A_failing_background_stream_stops_the_run()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.FailEvery = 1;
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Chat, FakeOpenAIServer.ModelId, null);

        var ex = await Assert.ThrowsAsync<Synapse.Bench.BenchException>(
            () => HttpBench.RunAsync(target, Workload(1) with { Background = 1, Warmup = false }, TextWriter.Null, CancellationToken.None));
        Assert.Contains("background stream failed: HTTP 503", ex.Message);
    }

    [Fact]
    public async Task Failed_requests_are_counted_with_their_error()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.FailEvery = 3;
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Chat, FakeOpenAIServer.ModelId, null);

        var run = await HttpBench.RunAsync(target, Workload(2) with { Warmup = false }, TextWriter.Null, CancellationToken.None);

        var level = run.Levels[0];
        Assert.Equal((6, 4, 2), (level.Requests, level.Completed, level.Failed));
        Assert.Equal(4 * 12, level.OutputTokens);
        var error = Assert.Single(level.Errors);
        Assert.Equal(("HTTP 503: The server is overloaded.", 2), (error.Message, error.Count));
    }

    [Fact]
    public async Task Without_usage_tokens_are_counted_from_chunks_and_flagged()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.SendUsage = false;
        var target = new HttpTarget(server.BaseUrl, BenchEndpoint.Chat, FakeOpenAIServer.ModelId, null);

        var run = await HttpBench.RunAsync(target, Workload(1) with { Warmup = false }, TextWriter.Null, CancellationToken.None);

        Assert.Equal(6, run.Levels[0].Completed);
        Assert.Equal(6, run.Levels[0].UsageMissing);
        Assert.Equal(6 * 12, run.Levels[0].OutputTokens);
    }

    [Fact]
    public async Task Synapse_bench_prints_a_table_and_json_and_sends_the_api_key()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.RequiredApiKey = "sk-test";
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new SynapseCli(CommandCatalog.All());

        var code = await cli.RunAsync(
            ["bench", "--url", server.BaseUrl.ToString(), "--api-key", "sk-test", "--concurrency", "1,2", "--requests", "3",
             "--prompt-tokens", "30", "--output-tokens", "5", "--json", "-"],
            new CommandContext(output, error, CancellationToken.None));

        Assert.True(code == 0, error.ToString());
        Assert.Contains("out tok/s", error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal("synapse-bench", json.RootElement.GetProperty("tool").GetString());
        Assert.Equal("http", run.GetProperty("settings").GetProperty("mode").GetString());
        Assert.Equal(30, run.GetProperty("calibration").GetProperty("actual_tokens").GetInt32());
        var levels = run.GetProperty("levels");
        Assert.Equal(2, levels.GetArrayLength());
        Assert.Equal(3, levels[1].GetProperty("completed").GetInt32());
        Assert.Equal(15, levels[1].GetProperty("output_tokens").GetInt64());
        Assert.True(levels[1].GetProperty("ttft_ms").GetProperty("p50").GetDouble() > 0);
    }

    [Fact]
    public async Task A_wrong_api_key_stops_the_run_with_the_servers_message()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.RequiredApiKey = "sk-right";
        var error = new StringWriter();

        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(
            ["bench", "--url", server.BaseUrl.ToString(), "--model", "fake-model", "--api-key", "sk-wrong"],
            new CommandContext(TextWriter.Null, error, CancellationToken.None));

        Assert.Equal(1, code);
        Assert.Contains("HTTP 401: Incorrect API key provided.", error.ToString());
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        var error = new StringWriter();
        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(
            ["bench", "--url", "http://127.0.0.1:1/v1"],
            new CommandContext(TextWriter.Null, error, CancellationToken.None));

        Assert.Equal(1, code);
        Assert.Contains("connection failed", error.ToString());
    }
}

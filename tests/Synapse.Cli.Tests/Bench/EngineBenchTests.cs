using System.Text.Json;
using Synapse.Bench.Http;
using Synapse.Bench.InProcess;
using Synapse.Bench.Load;
using Synapse.Cli.Commands;
using Synapse.Engine;
using Synapse.Engine.Hosting;

namespace Synapse.Cli.Tests.Bench;

/// <summary>The in-process benchmark and compare mode on the generated tiny chat model (no fixtures, no network).</summary>
public sealed class EngineBenchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task In_process_run_counts_every_request_and_token()
    {
        await using var engine = await LlamaInferenceEngine.LoadAsync(new EngineOptions
        {
            ModelPath = Synapse.Testing.TestModels.TinyChatModelPath, Parallel = 2, ContextSize = 256, Threads = 1,
        });
        using var timeout = new CancellationTokenSource(Timeout);
        var workload = new WorkloadOptions { Concurrency = [1, 2], Requests = 3, PromptTokens = 40, OutputTokens = 8 };

        var run = await EngineBench.RunAsync(engine, BenchEndpoint.Chat, workload, TextWriter.Null, timeout.Token);

        Assert.Equal("engine", run.Settings.Mode);
        Assert.InRange(run.Calibration.ActualTokens, 30, 50);
        foreach (var level in run.Levels)
        {
            Assert.Equal((3, 3, 0), (level.Requests, level.Completed, level.Failed));
            Assert.Equal(3 * 8, level.OutputTokens);
            Assert.Equal(3 * run.Calibration.ActualTokens, level.PromptTokens);
        }
    }

    // Moved from Synapse.Engine's EngineBenchmark, which this in-process bench replaces.
    [Fact]
    public async Task Runs_the_requested_load_with_exact_lengths()
    {
        await using var engine = await LlamaInferenceEngine.LoadAsync(new EngineOptions
        {
            ModelPath = Synapse.Testing.TestModels.TinyChatModelPath, Parallel = 2, ContextSize = 256, Threads = 1,
        });
        using var timeout = new CancellationTokenSource(Timeout);
        var workload = new WorkloadOptions { Concurrency = [2], Requests = 5, PromptTokens = 20, OutputTokens = 7, Warmup = false };

        var run = await EngineBench.RunAsync(engine, BenchEndpoint.Completions, workload, TextWriter.Null, timeout.Token);

        var level = Assert.Single(run.Levels);
        Assert.Equal((5, 5, 0), (level.Requests, level.Completed, level.Failed));
        Assert.Equal(35, level.OutputTokens);
        Assert.True(level.OutputTokensPerS > 0);
        Assert.True(level.TtftMs!.P50 <= level.E2eMs!.P50);
        // Every prompt token was either read or served from the prefix cache (the synthetic prompts share a start).
        var stats = engine.GetStats();
        Assert.Equal(5L * run.Calibration.ActualTokens, stats.PromptTokensTotal + stats.CachedPromptTokensTotal);
    }

    [Fact]
    public async Task Synthetic_prompts_have_the_same_length_and_differ()
    {
        await using var engine = await LlamaInferenceEngine.LoadAsync(new EngineOptions
        {
            ModelPath = Synapse.Testing.TestModels.TinyChatModelPath, Parallel = 1, ContextSize = 256, Threads = 1,
        });
        var prompts = new EnginePromptBuilder(engine, BenchEndpoint.Completions, new Synapse.Bench.Prompts.SyntheticPrompt()) { Words = 64 };

        var a = prompts.Tokens(0);
        var b = prompts.Tokens(1);

        Assert.Equal(a.Length, b.Length);
        Assert.True(a.Length >= 64);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Completions_prompts_skip_the_chat_template()
    {
        await using var engine = await LlamaInferenceEngine.LoadAsync(new EngineOptions
        {
            ModelPath = Synapse.Testing.TestModels.TinyChatModelPath, Parallel = 1, ContextSize = 256, Threads = 1,
        });
        var prompts = new EnginePromptBuilder(engine, BenchEndpoint.Completions, new Synapse.Bench.Prompts.SyntheticPrompt());
        var chat = new EnginePromptBuilder(engine, BenchEndpoint.Chat, new Synapse.Bench.Prompts.SyntheticPrompt());

        Assert.True(chat.CountTokens(10) > prompts.CountTokens(10));
    }

    [Fact]
    public async Task Compare_mode_benches_an_in_process_node_then_the_engine()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(Timeout);

        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(
            ["bench", "--engine", Synapse.Testing.TestModels.TinyChatModelPath, "--compare", "--requests", "2", "--prompt-tokens", "24",
             "--output-tokens", "4", "--threads", "1", "--ctx-size", "256", "--json", "-"],
            new CommandContext(output, error, timeout.Token));

        Assert.True(code == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal("http (in-process node)", runs[0].GetProperty("settings").GetProperty("mode").GetString());
        Assert.Equal("engine", runs[1].GetProperty("settings").GetProperty("mode").GetString());
        foreach (var run in runs.EnumerateArray())
        {
            var level = run.GetProperty("levels")[0];
            Assert.Equal(2, level.GetProperty("completed").GetInt32());
            Assert.Equal(8, level.GetProperty("output_tokens").GetInt64());
        }

        var row = json.RootElement.GetProperty("comparison")[0];
        Assert.Equal(1, row.GetProperty("concurrency").GetInt32());
        Assert.True(row.GetProperty("ratio").GetDouble() > 0);
        Assert.Contains("HTTP vs in-process", error.ToString());
    }

    [Fact]
    public async Task A_missing_model_file_is_a_clear_error()
    {
        var error = new StringWriter();
        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(
            ["bench", "--engine", "/nonexistent/model.gguf"], new CommandContext(TextWriter.Null, error, CancellationToken.None));

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error.ToString());
    }
}

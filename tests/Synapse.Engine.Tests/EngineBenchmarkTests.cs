using Synapse.Engine.Benchmarking;

namespace Synapse.Engine.Tests;

public sealed class EngineBenchmarkTests
{
    [Fact]
    public async Task Runs_the_requested_load_with_exact_lengths()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath, parallel: 2);
        using var timeout = new CancellationTokenSource(EngineTestHelpers.Timeout);

        var result = await EngineBenchmark.RunAsync(engine, new EngineBenchmarkOptions { Concurrency = 2, PromptTokens = 20, OutputTokens = 7, Requests = 5 }, timeout.Token);

        Assert.Equal(5, result.Completed);
        Assert.Equal(0, result.Failed);
        Assert.Equal(35, result.TotalOutputTokens);
        Assert.True(result.OutputTokensPerSecond > 0);
        Assert.True(result.TimeToFirstTokenP50 <= result.EndToEndP50);
        Assert.Equal(5 * 20, engine.GetStats().PromptTokensTotal);
    }

    [Fact]
    public async Task Synthetic_prompts_have_the_exact_length_and_differ()
    {
        await using var engine = await EngineTestHelpers.LoadAsync(Synapse.Testing.TestModels.TinyChatModelPath);
        var a = EngineBenchmark.SyntheticPrompt(engine, 0, 128);
        var b = EngineBenchmark.SyntheticPrompt(engine, 1, 128);
        Assert.Equal(128, a.Length);
        Assert.Equal(128, b.Length);
        Assert.NotEqual(a, b);
    }
}

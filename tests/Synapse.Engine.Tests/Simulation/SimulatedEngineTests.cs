using Microsoft.Extensions.Options;
using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;
using Synapse.Engine.Simulation;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Simulation;

public sealed class SimulatedEngineTests
{
    private static readonly int[] Prompt = [5, 6, 7];

    private static async Task<SimulatedInferenceEngine> StartAsync(double tokensPerSecond = 0, int parallel = 2, int queue = 4, int context = 256, TimeSpan load = default)
    {
        var engine = Create(tokensPerSecond, parallel, queue, context, load);
        await engine.LoadAsync(CancellationToken.None);
        return engine;
    }

    private static SimulatedInferenceEngine Create(double tokensPerSecond = 0, int parallel = 2, int queue = 4, int context = 256, TimeSpan load = default) =>
        new(Options.Create(new SimulationOptions { ModelName = "sim", TokensPerSecond = tokensPerSecond, LoadTime = load }),
            Options.Create(new EngineOptions { Parallel = parallel, QueueSize = queue, ContextSize = context }));

    private static string Words(int count) => string.Concat(Enumerable.Range(0, count).Select(i => SimulatedVocabulary.Words[i % SimulatedVocabulary.Words.Count]));

    [Fact]
    public async Task RefusesWorkUntilTheSimulatedLoadEnds()
    {
        var engine = Create(load: TimeSpan.FromMilliseconds(300));
        Assert.False(engine.IsReady);
        await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt }, CancellationToken.None).AsTask());
        Assert.Throws<EngineUnavailableException>(() => engine.Model);

        await engine.LoadAsync(CancellationToken.None);
        Assert.True(engine.IsReady);
        Assert.Equal("sim", engine.Model.Path);
    }

    [Fact]
    public async Task StopsAtMaxTokensWithTheFixedReply()
    {
        var engine = await StartAsync();
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest { PromptTokens = Prompt, MaxTokens = 20 });
        Assert.Equal(Words(20), text);
        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(20, result.CompletionTokens);
        Assert.Equal(3, result.PromptTokens);
    }

    [Fact]
    public async Task StopStringEndsTheReplyAndIsNotEmitted()
    {
        var engine = await StartAsync();
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest { PromptTokens = Prompt, MaxTokens = 50, Stop = [" tok"] });
        Assert.Equal("Synapse simulated engine: fixed", text);
        Assert.Equal(FinishReason.Stop, result.FinishReason);
    }

    [Fact]
    public async Task WithoutMaxTokensRunsToTheEndOfTheContext()
    {
        var engine = await StartAsync(context: 40);
        var (_, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest { PromptTokens = Prompt });
        Assert.Equal(37, result.CompletionTokens);
        await Assert.ThrowsAsync<ContextLengthExceededException>(() =>
            engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt, MaxTokens = 38 }, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task StreamsTokensWhileStillGenerating()
    {
        var engine = await StartAsync(tokensPerSecond: 50);
        await using var handle = await engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt, MaxTokens = 25 }, CancellationToken.None);
        using var timeout = new CancellationTokenSource(EngineTestHelpers.Timeout);
        Assert.True(await handle.Text.WaitToReadAsync(timeout.Token));
        Assert.False(handle.Completion.IsCompleted);
        var (text, _) = await EngineTestHelpers.CollectAsync(handle);
        Assert.Equal(Words(25), text);
    }

    [Fact]
    public async Task SlotsQueueAndOverflowBehaveLikeTheRealEngine()
    {
        var engine = await StartAsync(tokensPerSecond: 20, parallel: 1, queue: 1);
        using var firstCancel = new CancellationTokenSource();
        var first = await engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt, MaxTokens = 200 }, firstCancel.Token);
        var second = await engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt, MaxTokens = 2 }, CancellationToken.None);
        // The loop admits from the queue on its own thread, as the llama.cpp engine's does.
        await WaitForAsync(() => engine.GetStats() is { Running: 1, Waiting: 1, Slots: 1 });
        await Assert.ThrowsAsync<QueueFullException>(() => engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt }, CancellationToken.None).AsTask());

        // Cancelling the running one hands its slot to the waiting one.
        await firstCancel.CancelAsync();
        Assert.Equal(FinishReason.Cancelled, (await first.Completion.WaitAsync(EngineTestHelpers.Timeout)).FinishReason);
        var (text, result) = await EngineTestHelpers.CollectAsync(second);
        Assert.Equal(Words(2), text);
        Assert.Equal(FinishReason.Length, result.FinishReason);
        await WaitForAsync(() => engine.GetStats() is { Running: 0, Waiting: 0 });
    }

    [Fact]
    public async Task DisposingAHandleFreesItsSlotAndACancelledWaiterLeavesTheQueue()
    {
        var engine = await StartAsync(tokensPerSecond: 20, parallel: 1, queue: 2);
        var running = await engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt, MaxTokens = 200 }, CancellationToken.None);
        await WaitForAsync(() => engine.GetStats() is { Running: 1 });
        using var waiterCancel = new CancellationTokenSource();
        var waiter = await engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt, MaxTokens = 200 }, waiterCancel.Token);
        await waiterCancel.CancelAsync();
        Assert.Equal(FinishReason.Cancelled, (await waiter.Completion.WaitAsync(EngineTestHelpers.Timeout)).FinishReason);
        Assert.Equal(0, engine.GetStats().Waiting);

        await running.DisposeAsync();
        Assert.Equal(FinishReason.Cancelled, (await running.Completion.WaitAsync(EngineTestHelpers.Timeout)).FinishReason);
        await WaitForAsync(() => engine.GetStats() is { Running: 0, Waiting: 0, KvCacheUsedTokens: 0 });
    }

    [Fact]
    public async Task DrainingRefusesNewWorkAndLetsRunningWorkFinish()
    {
        var engine = await StartAsync(tokensPerSecond: 100);
        var running = await engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt, MaxTokens = 10 }, CancellationToken.None);
        var stop = engine.StopAsync(new CancellationTokenSource(EngineTestHelpers.Timeout).Token);
        Assert.False(engine.IsReady);
        await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.SubmitAsync(new GenerationRequest { PromptTokens = Prompt }, CancellationToken.None).AsTask());
        await stop;
        var result = await running.Completion;
        Assert.Equal((FinishReason.Length, 10), (result.FinishReason, result.CompletionTokens));
    }

    [Fact]
    public async Task RunsOnTheSharedSchedulerWithChunkedPrefill()
    {
        // Same loop as llama.cpp's engine. The chunk of 4 only bounds prompts read while other streams generate:
        // alone, the 10-token prompt is read in one step with the first sample, and each further token takes one step.
        var engine = new SimulatedInferenceEngine(
            Options.Create(new SimulationOptions { TokensPerSecond = 0 }),
            Options.Create(new EngineOptions { Parallel = 1, QueueSize = 0, ContextSize = 64, PrefillChunk = 4 }));
        await engine.LoadAsync(CancellationToken.None);
        var (text, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest { PromptTokens = Enumerable.Range(5, 10).ToArray(), MaxTokens = 3 });
        Assert.Equal(Words(3), text);
        Assert.Equal((10, 3), (result.PromptTokens, result.CompletionTokens));
        var stats = engine.GetStats();
        Assert.Equal((10L, 3L, 3L), (stats.PromptTokensTotal, stats.GenerationTokensTotal, stats.DecodeSteps));
        Assert.Equal(64, stats.KvCacheCapacityTokens);
        await engine.DisposeAsync();
    }

    [Fact]
    public void TokenizerRoundTripsText()
    {
        var engine = Create();
        var tokens = engine.Tokenize("héllo", addSpecial: true, parseSpecial: true);
        Assert.Equal(SimulatedVocabulary.Bos, tokens[0]);
        Assert.Equal("héllo", engine.Detokenize(tokens));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(EngineTestHelpers.Timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}

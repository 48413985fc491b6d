using Microsoft.Extensions.Options;
using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;
using Synapse.Engine.Simulation;
using Synapse.Engine.Tests.Infrastructure;

namespace Synapse.Engine.Tests.Scheduling;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_completes_when_the_load_ends_and_holds_through_a_drain()
    {
        await using var engine = new SimulatedInferenceEngine(
            Options.Create(new SimulationOptions { TokensPerSecond = 0 }), Options.Create(new EngineOptions { Parallel = 1 }));
        var ready = engine.WhenReadyAsync(CancellationToken.None);
        Assert.False(ready.IsCompleted);
        Assert.False(engine.IsReady);

        await engine.LoadAsync(CancellationToken.None);
        await ready.WaitAsync(EngineTestHelpers.Timeout);
        Assert.True(engine.IsReady);

        engine.BeginDrain();
        Assert.False(engine.IsReady);
        // Readiness says the model loaded; draining is told by IsReady.
        await engine.WhenReadyAsync(CancellationToken.None).WaitAsync(EngineTestHelpers.Timeout);
    }

    [Fact]
    public async Task Waiting_for_readiness_is_cancellable()
    {
        await using var engine = new SimulatedInferenceEngine(
            Options.Create(new SimulationOptions()), Options.Create(new EngineOptions()));
        using var cancel = new CancellationTokenSource();
        var ready = engine.WhenReadyAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ready);
    }

    [Fact]
    public async Task A_failed_load_faults_readiness_and_requests_name_the_reason()
    {
        await using var engine = new LlamaInferenceEngine(Options.Create(new EngineOptions { ModelPath = "/nonexistent/model.gguf", Parallel = 1, Threads = 1 }));
        var ready = engine.WhenReadyAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => engine.LoadAsync());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ready.WaitAsync(EngineTestHelpers.Timeout));
        Assert.IsNotType<TimeoutException>(error);
        var refused = await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.SubmitAsync(new GenerationRequest { PromptTokens = [1] }, CancellationToken.None).AsTask());
        Assert.Contains("failed to load", refused.Message, StringComparison.Ordinal);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;
using Synapse.Engine.Tests.Infrastructure;
using Synapse.Testing;

namespace Synapse.Engine.Tests.Hosting;

public sealed class EngineHostingTests
{
    [Fact]
    public async Task The_host_loads_the_engine_in_the_background_and_drains_it_on_stop()
    {
        var model = Fixtures.Require("models/stories260K.gguf");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSynapseEngine(o =>
        {
            o.ModelPath = model;
            o.Parallel = 2;
            o.ContextSize = 128;
            o.Threads = 1;
        });
        builder.Services.AddSynapseEngine();
        using var host = builder.Build();
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<EngineHostedService>());
        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        Assert.Same(host.Services.GetRequiredService<LlamaInferenceEngine>(), engine);

        await host.StartAsync();
        await engine.WhenReadyAsync(CancellationToken.None).WaitAsync(EngineTestHelpers.Timeout);
        Assert.True(engine.IsReady);

        var prompt = engine.Tokenize("Once upon a time", true, false);
        // ignore_eos: sampled freely, stories260K ends this prompt within 3 tokens now and then (19 of seeds 1-3000).
        var (_, result) = await EngineTestHelpers.GenerateAsync(engine, new GenerationRequest { PromptTokens = prompt, MaxTokens = 3, IgnoreEos = true });
        Assert.Equal(3, result.CompletionTokens);

        // A request running at shutdown is let finish within the grace period.
        await using var running = await engine.SubmitAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = 20, IgnoreEos = true }, CancellationToken.None);
        await host.StopAsync();
        Assert.False(engine.IsReady);
        var drained = await running.Completion.WaitAsync(EngineTestHelpers.Timeout);
        Assert.Equal(FinishReason.Length, drained.FinishReason);
        Assert.Throws<EngineUnavailableException>(() => engine.SubmitAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = 3 }, CancellationToken.None));
    }

    [Fact]
    public async Task Bad_options_fail_the_host_start_with_the_setting_named()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSynapseEngine(o =>
        {
            o.ModelPath = "/nonexistent/model.gguf";
            o.QueueSize = -5;
        });
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SYNAPSE_QUEUE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_source_supplies_the_path_on_the_load_path_while_the_host_already_runs()
    {
        var model = Fixtures.Require("models/stories260K.gguf");
        var source = new GatedModelSource(model);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IModelSource>(source);
        // No ModelPath configured: the start-up validation leaves the path to the source.
        builder.Services.AddSynapseEngine(o =>
        {
            o.Parallel = 1;
            o.ContextSize = 128;
            o.Threads = 1;
        });
        using var host = builder.Build();
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<LlamaInferenceEngine>();
        await source.Asked.Task.WaitAsync(EngineTestHelpers.Timeout);
        Assert.False(engine.IsReady);

        source.Release.SetResult();
        await engine.WhenReadyAsync(CancellationToken.None).WaitAsync(EngineTestHelpers.Timeout);
        Assert.Equal(model, engine.Model.Path);
        await host.StopAsync();
    }

    private sealed class GatedModelSource(string path) : IModelSource
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<string> GetModelPathAsync(EngineOptions configured, CancellationToken cancellationToken)
        {
            Assert.Equal("", configured.ModelPath);
            Asked.SetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return path;
        }
    }
}

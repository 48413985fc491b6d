using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Synapse.Engine;
using Synapse.Engine.Hosting;
using Synapse.Node.Configuration;

namespace Synapse.Node.Hosting;

/// <summary>Logs what is served once the engine reports ready (the model loads in the background).</summary>
internal sealed partial class StartupReport(
    IInferenceEngine engine,
    IOptions<EngineOptions> engineOptions,
    NodeOptions nodeOptions,
    ILogger<StartupReport> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(logger, nodeOptions.ModelName, nodeOptions.Urls, engineOptions.Value.Parallel, engineOptions.Value.Threads);
        try
        {
            await engine.WhenReadyAsync(stoppingToken);
        }
        catch (Exception)
        {
            // Stopped while loading, or the load failed (the engine's host reports that and stops the node).
            return;
        }

        var model = engine.Model;
        var options = engineOptions.Value;
        LogReady(logger, model.Path, model.Architecture, model.Description, model.ParameterCount, model.FileType,
            model.SizeBytes, engine.ContextSize, options.Parallel, options.Threads, options.QueueSize, model.NativeVariant,
            string.Join(", ", nodeOptions.ServedModelIds), nodeOptions.ApiKeys.Count > 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Synapse node starting: model {Model}, listening on {Urls}, {Slots} slots, {Threads} threads; loading the model")]
    private static partial void LogStarting(ILogger logger, string model, string urls, int slots, int threads);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model ready: file {ModelFile}, architecture {Architecture} ({Description}), {Parameters} parameters, file type {FileType}, {SizeBytes} bytes; context {ContextSize} tokens per slot, {Slots} slots, {Threads} threads, queue {Queue}; llama.cpp native variant {NativeVariant}; served as {ServedIds}; API keys required: {ApiKeysRequired}")]
    private static partial void LogReady(ILogger logger, string modelFile, string architecture, string description, long parameters,
        string fileType, long sizeBytes, int contextSize, int slots, int threads, int queue, string nativeVariant, string servedIds, bool apiKeysRequired);
}

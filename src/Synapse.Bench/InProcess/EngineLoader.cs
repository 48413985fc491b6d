using Synapse.Engine;
using Synapse.Engine.Hosting;

namespace Synapse.Bench.InProcess;

/// <summary>Loads the engine for an in-process run with the same settings the node would get from the same flags.</summary>
public static class EngineLoader
{
    public static EngineOptions OptionsFor(BenchInvocation invocation)
    {
        var options = new EngineOptions
        {
            ModelPath = Path.GetFullPath(invocation.EnginePath!),
            // As many slots as the busiest level runs streams, so no level measures queueing instead of batching.
            Parallel = invocation.Parallel > 0 ? invocation.Parallel : invocation.Workload.Concurrency.Max() + invocation.Workload.Background,
            Threads = invocation.Threads,
        };
        if (invocation.ContextSize > 0)
        {
            options.ContextSize = invocation.ContextSize;
        }

        return options;
    }

    public static async Task<LlamaInferenceEngine> LoadAsync(BenchInvocation invocation, TextWriter log, CancellationToken cancellationToken)
    {
        var options = OptionsFor(invocation);
        if (!File.Exists(options.ModelPath))
        {
            throw new BenchException($"model file '{options.ModelPath}' does not exist");
        }

        log.WriteLine($"loading {options.ModelPath} in-process ({options.Parallel} slots)…");
        try
        {
            return await LlamaInferenceEngine.LoadAsync(options, loggerFactory: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new BenchException($"cannot load '{options.ModelPath}': {ex.Message}");
        }
    }
}

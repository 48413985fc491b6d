using Synapse.Engine.Generation;
using Synapse.Engine.Hosting;

namespace Synapse.Engine.Tests.Infrastructure;

internal static class EngineTestHelpers
{
    /// <summary>Generous, only so a bug hangs no test run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static Task<LlamaInferenceEngine> LoadAsync(string modelPath, int parallel = 2, int contextSize = 256, int queueSize = 8, int batchSize = 512, int prefillChunk = 256, bool unified = false, bool prefixCache = true, int cacheRamMb = 0) =>
        LlamaInferenceEngine.LoadAsync(new EngineOptions
        {
            ModelPath = modelPath,
            Parallel = parallel,
            ContextSize = contextSize,
            QueueSize = queueSize,
            BatchSize = batchSize,
            PrefillChunk = prefillChunk,
            Threads = 1,
            UnifiedKvCache = unified,
            PrefixCache = prefixCache,
            CacheRamMb = cacheRamMb,
        });

    /// <summary>Reads the whole text and the result of a handle.</summary>
    public static async Task<(string Text, GenerationResult Result)> CollectAsync(GenerationHandle handle)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var text = new System.Text.StringBuilder();
        await foreach (var delta in handle.Text.ReadAllAsync(timeout.Token))
        {
            text.Append(delta);
        }

        var result = await handle.Completion.WaitAsync(timeout.Token);
        return (text.ToString(), result);
    }

    public static async Task<(string Text, GenerationResult Result)> GenerateAsync(IInferenceEngine engine, GenerationRequest request, CancellationToken cancellationToken = default)
    {
        await using var handle = await engine.SubmitAsync(request, cancellationToken);
        return await CollectAsync(handle);
    }
}

namespace Synapse.Engine.Hosting;

/// <summary>
/// Supplies the GGUF file the engine loads. It runs on the background load path, before the engine loads, so a source
/// that downloads or converts a model may take minutes while the host already answers (readiness says "loading").
/// </summary>
public interface IModelSource
{
    /// <summary>The full path of the GGUF file to load (for a split model, its first part).</summary>
    /// <param name="configured">The engine's options as configured (<see cref="EngineOptions.ModelPath"/> may be empty).</param>
    Task<string> GetModelPathAsync(EngineOptions configured, CancellationToken cancellationToken);
}

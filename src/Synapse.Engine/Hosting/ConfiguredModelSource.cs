namespace Synapse.Engine.Hosting;

/// <summary>The default source: the file named by <see cref="EngineOptions.ModelPath"/>.</summary>
public sealed class ConfiguredModelSource : IModelSource
{
    public Task<string> GetModelPathAsync(EngineOptions configured, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configured);
        return Task.FromResult(configured.ModelPath);
    }
}

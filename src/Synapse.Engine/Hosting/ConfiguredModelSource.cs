using Microsoft.Extensions.Options;

namespace Synapse.Engine.Hosting;

/// <summary>The default source: the file named by <see cref="EngineOptions.ModelPath"/>.</summary>
public sealed class ConfiguredModelSource(IOptions<EngineOptions> options) : IModelSource
{
    public Task<string> GetModelPathAsync(CancellationToken cancellationToken) => Task.FromResult(options.Value.ModelPath);
}

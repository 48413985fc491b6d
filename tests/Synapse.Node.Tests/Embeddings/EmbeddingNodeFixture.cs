using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Embeddings;

namespace Synapse.Node.Tests.Embeddings;

/// <summary>One node serving the converted tiny-bert fixture (F32), also under the alias "tiny-bert", shared by the embedding tests.</summary>
public sealed class EmbeddingNodeFixture : IAsyncDisposable
{
    public const string ModelName = "tiny-bert";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeHost? _host;

    public EmbeddingFixture Expected { get; private set; } = null!;

    public async Task<NodeHost> GetAsync()
    {
        var (path, expected) = await ConvertedEmbeddingModels.GetAsync(ModelName);
        await _gate.WaitAsync();
        try
        {
            Expected = expected;
            return _host ??= await NodeHost.StartAsync(path,
                ["--parallel", "8", "--batch-size", "256", "--queue", "32", "--threads", "2", "--model-aliases", ModelName]);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _gate.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddingNodeCollection : ICollectionFixture<EmbeddingNodeFixture>
{
    public const string Name = "embedding node";
}

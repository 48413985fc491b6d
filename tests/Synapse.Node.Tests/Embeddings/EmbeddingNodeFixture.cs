using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Embeddings;

namespace Synapse.Node.Tests.Embeddings;

/// <summary>One node serving the converted tiny-bert fixture (F32), also under the alias "tiny-bert", shared by the embedding tests.</summary>
public sealed class EmbeddingNodeFixture : IAsyncDisposable
{
    public const string ModelName = "tiny-bert";

    private readonly SharedNode _node = new();

    public EmbeddingFixture Expected { get; private set; } = null!;

    public async Task<NodeHost> GetAsync()
    {
        var (path, expected) = await ConvertedEmbeddingModels.GetAsync(ModelName);
        Expected = expected;
        return await _node.GetAsync(() => NodeHost.StartAsync(path,
            ["--parallel", "8", "--batch-size", "256", "--queue", "32", "--threads", "2", "--model-aliases", ModelName]));
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EmbeddingNodeCollection : ICollectionFixture<EmbeddingNodeFixture>
{
    public const string Name = "embedding node";
}

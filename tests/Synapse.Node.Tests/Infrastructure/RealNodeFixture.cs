namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// One node on the real engine shared by the tests of the "real node" collection: 8 slots, 512-token contexts,
/// a 64 KiB body limit. Started on first use inside a test, so a missing fixture skips (or fails under CI) that test.
/// </summary>
public sealed class RealNodeFixture : IAsyncDisposable
{
    public const int ContextSize = 512;
    public const int MaxBodyBytes = 64 * 1024;

    private readonly SharedNode _node = new();

    public Task<NodeHost> GetAsync() => _node.GetAsync(() => NodeHost.StartAsync(TestModel.Path,
    [
        "--parallel", "8", "--ctx-size", ContextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--queue", "32", "--threads", "2", "--max-body-bytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--model-aliases", "tiny,org/tiny-alias",
    ]));

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RealNodeCollection : ICollectionFixture<RealNodeFixture>
{
    public const string Name = "real node";
}

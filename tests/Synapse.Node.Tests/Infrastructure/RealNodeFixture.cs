namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// One node on the real engine shared by the tests of the "real node" collection: 8 slots, 512-token contexts,
/// a 64 KiB body limit. Started on first use inside a test, so a missing fixture skips (or fails under CI) that test.
/// </summary>
public sealed class RealNodeFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeHost? _host;

    public const int ContextSize = 512;
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<NodeHost> GetAsync()
    {
        var model = TestModel.Path;
        await _gate.WaitAsync();
        try
        {
            return _host ??= await NodeHost.StartAsync(model,
            [
                "--parallel", "8", "--ctx-size", ContextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queue", "32", "--threads", "2", "--max-body-bytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--model-aliases", "tiny,org/tiny-alias",
            ]);
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
public sealed class RealNodeCollection : ICollectionFixture<RealNodeFixture>
{
    public const string Name = "real node";
}

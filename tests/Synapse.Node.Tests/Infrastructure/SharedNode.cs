namespace Synapse.Node.Tests.Infrastructure;

/// <summary>
/// A node that a collection fixture starts on first use, inside a test (so a missing fixture skips, or fails under CI,
/// that test), and shares with every later caller; callers that come at once start it once.
/// </summary>
public sealed class SharedNode : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NodeHost? _host;

    /// <summary>The node, started by <paramref name="start"/> unless it runs already.</summary>
    public async Task<NodeHost> GetAsync(Func<Task<NodeHost>> start)
    {
        await _gate.WaitAsync();
        try
        {
            return _host ??= await start();
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

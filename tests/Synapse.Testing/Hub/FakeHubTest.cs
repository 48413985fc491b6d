using Xunit;

namespace Synapse.Testing.Hub;

/// <summary>
/// A test class against a fake Hugging Face hub: each test gets its own <see cref="FakeHub"/> on loopback and a
/// temporary HF_HOME, both gone after it.
/// </summary>
public abstract class FakeHubTest : IAsyncLifetime
{
    protected HubTestFolder Folder { get; } = new();

    protected FakeHub Hub { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Hub = await FakeHub.StartAsync();

    // One disposal: xunit v3 calls DisposeAsync alone, never Dispose beside it.
    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

using Synapse.LoadBalancer.Proxy;

namespace Synapse.LoadBalancer.Tests.Proxy;

public sealed class ConnectTimeoutTests
{
    [Fact]
    public void AConnectTimeoutIsToldApartFromASilentNode()
    {
        // What SocketsHttpHandler throws when ConnectTimeout passes, versus the forwarder's own activity timeout.
        var connect = new TaskCanceledException("The operation was canceled.",
            new TimeoutException("A connection could not be established within the configured ConnectTimeout."));
        Assert.True(ForwarderErrors.IsConnectTimeout(connect));
        Assert.False(ForwarderErrors.IsConnectTimeout(new TaskCanceledException("The operation was canceled.")));
        Assert.False(ForwarderErrors.IsConnectTimeout(null));
    }
}

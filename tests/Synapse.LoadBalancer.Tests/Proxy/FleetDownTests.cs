using System.Net;
using Synapse.LoadBalancer.Proxy;
using Synapse.LoadBalancer.Tests.Infrastructure;
using Yarp.ReverseProxy.Forwarder;

namespace Synapse.LoadBalancer.Tests.Proxy;

/// <summary>Right after every node died, before the health checks notice, a client gets 503 no_healthy_node, not 502.</summary>
public sealed class FleetDownTests
{
    // A long interval: the dead nodes stay "healthy" until a request finds out.
    private static readonly Dictionary<string, string?> SlowChecks = new() { ["SYNAPSE_HEALTH_INTERVAL"] = "60" };

    [Fact]
    public async Task WhenEveryNodeRefusesConnectionsTheClientGets503NoHealthyNodeWithRetryAfter()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b], SlowChecks);
        await balancer.WaitForHealthAsync(a, "healthy");
        await balancer.WaitForHealthAsync(b, "healthy");
        await a.StopAsync();
        await b.StopAsync();

        using var response = await balancer.PostChatAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no_healthy_node", (await BalancerHost.ErrorOf(response)).GetProperty("code").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task WhenTheOnlyNodeRefusesConnectionsTheClientGets503Too()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([a], SlowChecks);
        await balancer.WaitForHealthAsync(a, "healthy");
        await a.StopAsync();

        using var response = await balancer.PostChatAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no_healthy_node", (await BalancerHost.ErrorOf(response)).GetProperty("code").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public void ARefusedConnectionIsUnreachableAndABrokenOneIsNot()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        Assert.True(ForwarderErrors.NodeUnreachable(ForwarderError.Request, refused));

        var ended = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
        Assert.False(ForwarderErrors.NodeUnreachable(ForwarderError.Request, ended));
        Assert.False(ForwarderErrors.NodeUnreachable(ForwarderError.ResponseBodyDestination, refused));
    }
}

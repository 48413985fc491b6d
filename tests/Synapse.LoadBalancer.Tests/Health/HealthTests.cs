using System.Net;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task AnUnhealthyNodeLeavesThePoolAndComesBackWhenItPassesAgain()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b]);
        Assert.Equal("healthy", balancer.Pool.FindByUrl(new Uri(b.Url))!.HealthName);

        b.Ready = ReadyBehaviour.Failing;
        await balancer.WaitForHealthAsync(b, "unhealthy");
        var before = b.Requests;
        for (var i = 0; i < 6; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(balancer.IdOf(a), BalancerHost.NodeOf(response));
        }

        Assert.Equal(before, b.Requests);

        b.Ready = ReadyBehaviour.Ready;
        await balancer.WaitForHealthAsync(b, "healthy");
        var served = new HashSet<string?>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await balancer.PostChatAsync();
            served.Add(BalancerHost.NodeOf(response));
        }

        Assert.Contains(balancer.IdOf(b), served);
    }

    [Fact]
    public async Task AKilledNodeIsOutAndBackAfterItRestarts()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b]);

        await b.StopAsync();
        await balancer.WaitForHealthAsync(b, "unhealthy");
        await b.RestartAsync();
        await balancer.WaitForHealthAsync(b, "healthy");
    }

    [Fact]
    public async Task ALoadingNodeReceivesNothingUntilItIsReady()
    {
        await using var loading = await FakeNode.StartAsync("loading");
        await using var ready = await FakeNode.StartAsync("ready");
        loading.Ready = ReadyBehaviour.Loading;
        await using var balancer = await BalancerHost.StartAsync([loading, ready]);
        Assert.Equal("loading", balancer.Pool.FindByUrl(new Uri(loading.Url))!.HealthName);

        for (var i = 0; i < 4; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, loading.Requests);
        loading.Ready = ReadyBehaviour.Ready;
        await balancer.WaitForHealthAsync(loading, "healthy");
    }

    [Fact]
    public async Task ANodeAnswering500sRepeatedlyIsTakenOutButA4xxDoesNot()
    {
        await using var broken = await FakeNode.StartAsync("broken");
        await using var fine = await FakeNode.StartAsync("fine");
        await using var balancer = await BalancerHost.StartAsync([broken, fine], new Dictionary<string, string?> { ["SYNAPSE_HEALTH_INTERVAL"] = "60" });

        // A 404 for an unknown route is the client's mistake, not the node's.
        for (var i = 0; i < 4; i++)
        {
            using var response = await balancer.Http.PostAsync("/v1/nothing-here", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal("healthy", balancer.Pool.FindByUrl(new Uri(broken.Url))!.HealthName);

        broken.Chat = ChatBehaviour.ServerError;
        for (var i = 0; i < 6; i++)
        {
            using var response = await balancer.PostChatAsync();
        }

        Assert.Equal("unhealthy", balancer.Pool.FindByUrl(new Uri(broken.Url))!.HealthName);
        Assert.Equal("healthy", balancer.Pool.FindByUrl(new Uri(fine.Url))!.HealthName);
    }

    [Fact]
    public async Task TheBalancersOwnReadinessFollowsItsNodes()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([a]);
        using (var ready = await balancer.Http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        a.Ready = ReadyBehaviour.Failing;
        await balancer.WaitForHealthAsync(a, "unhealthy");
        using var notReady = await balancer.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
    }
}

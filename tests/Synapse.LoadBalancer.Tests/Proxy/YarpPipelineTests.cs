using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Synapse.LoadBalancer.Proxy;
using Synapse.LoadBalancer.Tests.Infrastructure;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Tests.Proxy;

/// <summary>The balancer's state lives in YARP's: nodes are destinations, health and in-flight counts are YARP's.</summary>
public sealed class YarpPipelineTests
{
    [Fact]
    public async Task NodesAreDestinationsOfOneClusterWithTheBalancersPolicyHealthChecksAndTimeout()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b], new Dictionary<string, string?> { ["SYNAPSE_REQUEST_TIMEOUT"] = "900" });

        var cluster = Cluster(balancer);
        var config = cluster.Model.Config;
        Assert.Equal("RoundRobin", config.LoadBalancingPolicy);
        Assert.Equal("/health/ready", config.HealthCheck!.Active!.Path);
        Assert.True(config.HealthCheck.Active.Enabled);
        Assert.True(config.HealthCheck.Passive!.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(900), config.HttpRequest!.ActivityTimeout);
        Assert.Equal(new[] { balancer.IdOf(a), balancer.IdOf(b) }.Order(StringComparer.Ordinal), cluster.Destinations.Keys.Order(StringComparer.Ordinal));
        Assert.All(cluster.Destinations.Values, d => Assert.Equal(DestinationHealth.Healthy, d.Health.Active));

        // Added through the admin API: a destination at once; removed: gone.
        await using var c = await FakeNode.StartAsync("c");
        using (var added = await balancer.Http.PostAsJsonAsync("/admin/nodes", new { url = c.Url }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var cId = balancer.IdOf(c);
        Assert.Equal(DestinationHealth.Healthy, Cluster(balancer).Destinations[cId].Health.Active);
        using (await balancer.Http.DeleteAsync($"/admin/nodes/{cId}")) { }
        await WaitUntil(() => !Cluster(balancer).Destinations.ContainsKey(cId));
    }

    [Fact]
    public async Task InFlightIsYarpsConcurrentRequestCount()
    {
        await using var a = await FakeNode.StartAsync("a");
        a.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var balancer = await BalancerHost.StartAsync([a]);

        using var held = await balancer.PostChatAsync("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        var destination = Cluster(balancer).Destinations[balancer.IdOf(a)];
        Assert.Equal(1, destination.ConcurrentRequestCount);
        Assert.Equal(1, balancer.Pool.Find(balancer.IdOf(a))!.InFlight);

        a.StreamGate.SetResult();
        await held.Content.ReadAsStringAsync();
        await WaitUntil(() => destination.ConcurrentRequestCount == 0);
    }

    [Fact]
    public async Task APassiveFailureMarksTheDestinationAndAPassedActiveCheckLiftsIt()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        b.Chat = ChatBehaviour.DieBeforeAnswer;
        // Reactivation period: 2 x 1 s + 10 s; the next active check (within 1 s) must bring b back well before.
        await using var balancer = await BalancerHost.StartAsync([a, b], new Dictionary<string, string?>
        {
            ["SYNAPSE_HEALTH_INTERVAL"] = "1",
            ["SYNAPSE_HEALTH_TIMEOUT"] = "10",
        });
        var destination = Cluster(balancer).Destinations[balancer.IdOf(b)];

        for (var i = 0; i < 2; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(DestinationHealth.Unhealthy, destination.Health.Passive);
        b.Chat = ChatBehaviour.Answer;
        await balancer.WaitForHealthAsync(b, "healthy", TimeSpan.FromSeconds(5));
        Assert.NotEqual(DestinationHealth.Unhealthy, destination.Health.Passive);
        Assert.Equal(DestinationHealth.Healthy, destination.Health.Active);
    }

    [Fact]
    public async Task ANodeDyingBeforeItAnswersIsMarkedByYarpsPassiveCheck()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        b.Chat = ChatBehaviour.DieBeforeAnswer;
        await using var balancer = await BalancerHost.StartAsync([a, b], new Dictionary<string, string?> { ["SYNAPSE_HEALTH_INTERVAL"] = "60" });
        var destination = Cluster(balancer).Destinations[balancer.IdOf(b)];

        for (var i = 0; i < 2; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(DestinationHealth.Unhealthy, destination.Health.Passive);
        Assert.Equal("unhealthy", balancer.Pool.Find(balancer.IdOf(b))!.HealthName);
        await WaitUntil(() => Cluster(balancer).DestinationsState.AvailableDestinations.All(d => d.DestinationId != balancer.IdOf(b)));
    }

    private static ClusterState Cluster(BalancerHost balancer)
    {
        var lookup = balancer.App.Services.GetRequiredService<IProxyStateLookup>();
        Assert.True(lookup.TryGetCluster(NodeProxyConfigProvider.ClusterId, out var cluster));
        return cluster;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}

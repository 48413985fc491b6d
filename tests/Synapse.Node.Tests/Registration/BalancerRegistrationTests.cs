using System.Net;
using Synapse.Node.Registration;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests.Registration;

/// <summary>Self-registration against a fake balancer on loopback: the contract's request, heartbeats, backoff, deregistration.</summary>
public sealed class BalancerRegistrationTests
{
    private static readonly Dictionary<string, string?> Simulated = new() { ["SYNAPSE_ENGINE"] = "simulated" };

    private static Task<NodeHost> StartNodeAsync(string balancerUrl, params string[] args) =>
        NodeHost.StartAsync("sim-model", ["--balancer-url", balancerUrl, "--balancer-key", "admin-key", "--heartbeat-seconds", "0.2", .. args], environment: Simulated);

    [Fact]
    public async Task RegistersItsUrlModelsAndHeartbeatWithTheAdminKeyAndRepeatsIt()
    {
        await using var balancer = await FakeBalancer.StartAsync();
        await using var node = await StartNodeAsync(balancer.BaseUrl, "--model-aliases", "sim-alias");
        await balancer.WaitForAsync(b => b.Registrations.Count >= 3);

        var (body, authorization) = balancer.Registrations.First();
        Assert.Equal("Bearer admin-key", authorization);
        Assert.Equal(node.BaseUrl, body.GetProperty("url").GetString());
        Assert.Equal(["sim-model", "sim-alias"], body.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(0.2, body.GetProperty("heartbeat_seconds").GetDouble());
    }

    [Fact]
    public async Task RetriesUntilTheBalancerIsUpThenDeregistersOnShutdown()
    {
        var port = FakeBalancer.FreePort();
        await using var node = await StartNodeAsync($"http://127.0.0.1:{port}");

        // Nothing listens yet: the node keeps retrying and registers once the balancer appears.
        await Task.Delay(600);
        await using var balancer = await FakeBalancer.StartAsync(port);
        // Two: the node has read the answer (and the id) of the first one.
        await balancer.WaitForAsync(b => b.Registrations.Count >= 2);

        await node.App.StopAsync();
        var (id, authorization) = Assert.Single(balancer.Deregistrations);
        Assert.Equal(FakeBalancer.NodeId, id);
        Assert.Equal("Bearer admin-key", authorization);
    }

    [Fact]
    public async Task AWrongKeyIsRetriedAndNeverRegisters()
    {
        await using var balancer = await FakeBalancer.StartAsync(adminKey: "the-right-key");
        await using var node = await StartNodeAsync(balancer.BaseUrl);
        await Task.Delay(700);
        Assert.Empty(balancer.Registrations);
        using var ready = await node.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task AnnouncesTheConfiguredAdvertiseUrl()
    {
        await using var balancer = await FakeBalancer.StartAsync();
        await using var node = await StartNodeAsync(balancer.BaseUrl, "--advertise-url", "http://node-7.internal:8123");
        await balancer.WaitForAsync(b => !b.Registrations.IsEmpty);
        Assert.Equal("http://node-7.internal:8123", balancer.Registrations.First().Body.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("http://0.0.0.0:8001", "http://127.0.0.1:5000", "http://127.0.0.1:8001/")]
    [InlineData("http://[::]:8001", "http://localhost:5000", "http://127.0.0.1:8001/")]
    [InlineData("http://0.0.0.0:8001", "http://lb.example:5000", "http://gpu-box-3:8001/")]
    [InlineData("http://10.0.0.5:8001", "http://lb.example:5000", "http://10.0.0.5:8001/")]
    [InlineData("http://+:8002", "http://127.0.0.1:5000", "http://127.0.0.1:8002/")]
    public void DerivesAReachableUrlFromTheBoundAddress(string bound, string balancer, string expected)
    {
        Assert.Equal(expected, AdvertisedUrl.Resolve(null, [bound], new Uri(balancer), () => "gpu-box-3").ToString());
    }

    [Fact]
    public void TheConfiguredAdvertiseUrlWins()
    {
        var configured = new Uri("http://node.example:9000");
        Assert.Same(configured, AdvertisedUrl.Resolve(configured, ["http://0.0.0.0:8000"], new Uri("http://127.0.0.1:5000")));
    }
}

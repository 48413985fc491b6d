using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>The registration contract between a real node and a real balancer: announce, serve, leave on shutdown.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task ANodeStartedWithTheBalancerUrlJoinsServesAndLeavesOnShutdown()
    {
        await using var balancer = await BalancerProcess.StartAsync([]);
        await using var node = new NodeProcess(Ports.Free(),
        [
            .. Fleet.SimulatedNode("sim-registered"), "--balancer-url", balancer.Url, "--balancer-key", BalancerProcess.AdminKey,
            "--heartbeat-seconds", "0.5",
        ]);
        node.Start();
        await node.WaitReadyAsync();

        await Eventually.WaitAsync(async () => (await balancer.StatusAsync()).Nodes.Any(n => n.Url == node.Url && n.Health == "healthy"), "the node to register");
        var registered = (await balancer.StatusAsync()).Nodes.Single(n => n.Url == node.Url);
        Assert.Equal("registered", registered.Source);
        Assert.Equal(["sim-registered"], registered.Models);

        using (var response = await balancer.PostChatAsync("""{"model":"sim-registered","messages":[{"role":"user","content":"Hi"}],"max_tokens":2}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(registered.Id, response.Headers.GetValues("X-Synapse-Node").Single());
        }

        Assert.Equal(0, await node.Process!.StopAsync());
        Assert.Contains("Deregistered from the balancer", node.Process.Log, StringComparison.Ordinal);
        Assert.DoesNotContain((await balancer.StatusAsync()).Nodes, n => n.Url == node.Url);
    }
}

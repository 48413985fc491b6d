using System.Net;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Health;

public sealed class LostNodeTests
{
    [Fact]
    public async Task RequestsWaitingOnANodeThatFallsSilentAreRetriedOnAnotherNode()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b], new Dictionary<string, string?>
        {
            ["SYNAPSE_HEALTH_TIMEOUT"] = "0.3",
            ["SYNAPSE_LB_POLICY"] = "round_robin",
        });
        await balancer.WaitForHealthAsync(a, "healthy");
        await balancer.WaitForHealthAsync(b, "healthy");

        // a takes requests and never answers them, as a machine whose link is cut mid-generation.
        a.Delay = TimeSpan.FromMinutes(10);
        var requests = Enumerable.Range(0, 4).Select(_ => balancer.PostChatAsync()).ToList();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (a.InFlight == 0)
            {
                await Task.Delay(20, cts.Token);
            }
        }

        a.Ready = ReadyBehaviour.Silent;
        var responses = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.Equal(balancer.IdOf(b), BalancerHost.NodeOf(r)));
        await a.ClientGone.Task.WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}

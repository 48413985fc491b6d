using System.Net;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Routing;

public sealed class PolicyTests
{
    [Fact]
    public async Task RoundRobinIsTheDefaultAndSpreadsThirtyRequestsTenTenTen()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var c = await FakeNode.StartAsync("c");
        await using var balancer = await BalancerHost.StartAsync([a, b, c]);

        var chat = balancer.Chat();
        var servedBy = new Dictionary<string, int>();
        for (var i = 0; i < 30; i++)
        {
            var completion = (await chat.CompleteChatAsync("hi")).Value;
            var text = completion.Content[0].Text;
            servedBy[text] = servedBy.GetValueOrDefault(text) + 1;
        }

        Assert.Equal(10, servedBy["from a"]);
        Assert.Equal(10, servedBy["from b"]);
        Assert.Equal(10, servedBy["from c"]);
        Assert.Equal((10, 10, 10), (a.Requests, b.Requests, c.Requests));
    }

    [Fact]
    public async Task LeastRequestsSendsNewWorkToTheIdleNode()
    {
        await using var busy = await FakeNode.StartAsync("busy");
        await using var idle = await FakeNode.StartAsync("idle");
        await using var balancer = await BalancerHost.StartAsync([busy, idle], new Dictionary<string, string?> { ["SYNAPSE_LB_POLICY"] = "least_requests" });

        // Two streams held open on "busy" (its gate stays shut), started while it is the only node taking requests.
        busy.StreamGate = new TaskCompletionSource();
        balancer.Pool.SetDraining(balancer.Pool.Find(balancer.IdOf(idle))!, true);
        var held = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            var response = await balancer.PostChatAsync("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
            Assert.Equal("busy", (await ReadFirstLineAsync(response)).Contains("chatcmpl-busy", StringComparison.Ordinal) ? "busy" : "other");
            held.Add(response);
        }

        balancer.Pool.SetDraining(balancer.Pool.Find(balancer.IdOf(idle))!, false);
        for (var i = 0; i < 6; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(balancer.IdOf(idle), BalancerHost.NodeOf(response));
        }

        busy.StreamGate.SetResult();
        foreach (var response in held)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task PowerOfTwoChoicesUsesEveryNode()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b], new Dictionary<string, string?> { ["SYNAPSE_LB_POLICY"] = "power_of_two" });

        for (var i = 0; i < 40; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(40, a.Requests + b.Requests);
        Assert.True(a.Requests > 0 && b.Requests > 0, $"a={a.Requests} b={b.Requests}");
    }

    private static async Task<string> ReadFirstLineAsync(HttpResponseMessage response)
    {
        var stream = await response.Content.ReadAsStreamAsync();
        var reader = new StreamReader(stream);
        return await reader.ReadLineAsync() ?? "";
    }
}

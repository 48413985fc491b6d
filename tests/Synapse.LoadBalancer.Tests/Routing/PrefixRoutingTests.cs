using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Synapse.LoadBalancer.Routing;
using Synapse.LoadBalancer.Tests.Infrastructure;
using Synapse.Testing.Metrics;

namespace Synapse.LoadBalancer.Tests.Routing;

/// <summary>The prefix policy and session affinity through the whole balancer, in front of fake nodes.</summary>
public sealed class PrefixRoutingTests
{
    private static readonly Dictionary<string, string?> Prefix = new() { ["SYNAPSE_LB_POLICY"] = "prefix" };

    [Fact]
    public async Task EachConversationStaysOnItsFirstTurnsNode()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var c = await FakeNode.StartAsync("c");
        await using var balancer = await BalancerHost.StartAsync([a, b, c], Prefix);

        var home = new Dictionary<int, string>();
        for (var turn = 1; turn <= 4; turn++)
        {
            for (var conversation = 0; conversation < 6; conversation++)
            {
                using var response = await balancer.PostChatAsync(PrefixPolicyTests.Conversation(conversation, turn));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var node = BalancerHost.NodeOf(response)!;
                if (turn == 1)
                {
                    home[conversation] = node;
                }
                else
                {
                    Assert.Equal(home[conversation], node);
                }
            }
        }

        Assert.Equal((8, 8, 8), (a.Requests, b.Requests, c.Requests));
    }

    [Fact]
    public async Task ADrainedNodesConversationsMoveAndStayOnTheirNewNode()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b], Prefix);
        // Both nodes checked first: with one drained, the other must be able to take turns 2..4.
        await balancer.WaitForHealthAsync(a, "healthy");
        await balancer.WaitForHealthAsync(b, "healthy");
        var policy = balancer.App.Services.GetRequiredService<PrefixPolicy>();

        using (var first = await balancer.PostChatAsync(PrefixPolicyTests.Conversation(0, 1)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var home = balancer.Pool.Find(BalancerHost.NodeOf(first)!)!;
            balancer.Pool.SetDraining(home, true);
            string? moved = null;
            for (var turn = 2; turn <= 4; turn++)
            {
                using var response = await balancer.PostChatAsync(PrefixPolicyTests.Conversation(0, turn));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.NotEqual(home.Id, BalancerHost.NodeOf(response));
                moved ??= BalancerHost.NodeOf(response);
                Assert.Equal(moved, BalancerHost.NodeOf(response));
            }

            // With the home node drained, one node was left and YARP did not ask the policy; the node that answered
            // still learnt each turn (its tree is what turn 5 is routed by).
            var turn4 = TextOf(PrefixPolicyTests.Conversation(0, 4));
            Assert.Equal(turn4.Length, policy.TreeOf(moved!).Match(turn4));
            Assert.Equal(TextOf(PrefixPolicyTests.Conversation(0, 1)).Length, policy.TreeOf(home.Id).Match(turn4));

            // Back in the pool, the old node holds only turn 1: the conversation stays where its later turns went,
            // whether or not the balancer has finished with turn 4 (one request in flight is no load gap).
            balancer.Pool.SetDraining(home, false);
            using var next = await balancer.PostChatAsync(PrefixPolicyTests.Conversation(0, 5));
            Assert.Equal(moved, BalancerHost.NodeOf(next));
        }
    }

    private static string TextOf(string body) =>
        RoutingRequest.Read(System.Text.Encoding.UTF8.GetBytes(body), null, withText: true, withSession: false).Text!;

    [Fact]
    public async Task AStoppedNodesConversationFailsOverWithoutLoss()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        // Health checks far apart: the stop is found by the request itself (connection refused) and retried.
        // A low match threshold: turn 1 alone pulls turn 2 to the home node, so turn 2 is picked for the stopped node.
        await using var balancer = await BalancerHost.StartAsync([a, b],
            new Dictionary<string, string?>(Prefix) { ["SYNAPSE_HEALTH_INTERVAL"] = "60", ["SYNAPSE_PREFIX_MATCH_THRESHOLD"] = "0.1" });

        using var first = await balancer.PostChatAsync(PrefixPolicyTests.Conversation(0, 1));
        var homeId = BalancerHost.NodeOf(first)!;
        var (home, other) = homeId == balancer.IdOf(a) ? (a, b) : (b, a);
        await home.StopAsync();

        for (var turn = 2; turn <= 4; turn++)
        {
            using var response = await balancer.PostChatAsync(PrefixPolicyTests.Conversation(0, turn));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(balancer.IdOf(other), BalancerHost.NodeOf(response));
        }

        Assert.Equal(3, other.Requests);
        // Turn 2 was picked for the stopped node (its tree held turn 1), refused, and served by the other: only the node
        // that served it learnt it, so the stopped node's tree still ends at turn 1.
        var metrics = PrometheusText.Parse(await balancer.Http.GetStringAsync("/metrics"));
        Assert.True(metrics.Has("synapse_balancer_retries_total", ("node", homeId)));
        var policy = balancer.App.Services.GetRequiredService<PrefixPolicy>();
        var turn4 = TextOf(PrefixPolicyTests.Conversation(0, 4));
        Assert.Equal(TextOf(PrefixPolicyTests.Conversation(0, 1)).Length, policy.TreeOf(homeId).Match(turn4));
        Assert.Equal(turn4.Length, policy.TreeOf(balancer.IdOf(other)).Match(turn4));
    }

    [Theory]
    [InlineData("round_robin")]
    [InlineData("prefix")]
    public async Task WithSessionAffinityASessionKeyPinsItsNode(string policy)
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var c = await FakeNode.StartAsync("c");
        await using var balancer = await BalancerHost.StartAsync([a, b, c],
            new Dictionary<string, string?> { ["SYNAPSE_LB_POLICY"] = policy, ["SYNAPSE_SESSION_AFFINITY"] = "true" });

        var byUser = new HashSet<string>();
        var byHeader = new HashSet<string>();
        var homes = new HashSet<string>();
        for (var session = 0; session < 12; session++)
        {
            var nodes = new HashSet<string>();
            for (var i = 0; i < 4; i++)
            {
                // Different text every time: only the session key can keep these together.
                using var response = await balancer.PostChatAsync($$"""{"model":"fake-model","user":"user-{{session}}","messages":[{"role":"user","content":"{{i}}"}]}""");
                nodes.Add(BalancerHost.NodeOf(response)!);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
                {
                    Content = new StringContent($$"""{"model":"fake-model","messages":[{"role":"user","content":"x{{i}}"}]}""", System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(RoutingRequest.SessionHeader, $"user-{session}");
                using var withHeader = await balancer.Http.SendAsync(request);
                nodes.Add(BalancerHost.NodeOf(withHeader)!);
            }

            // The header and the user field name the same session: one node for all eight requests.
            homes.Add(Assert.Single(nodes));
        }

        Assert.True(homes.Count > 1, "twelve sessions all on one node");

        // A drained node's sessions move; they return when it does.
        var drained = balancer.Pool.Find(homes.First())!;
        balancer.Pool.SetDraining(drained, true);
        for (var session = 0; session < 12; session++)
        {
            using var response = await balancer.PostChatAsync($$"""{"model":"fake-model","user":"user-{{session}}","messages":[]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(drained.Id, BalancerHost.NodeOf(response));
        }

        balancer.Pool.SetDraining(drained, false);
        var back = 0;
        for (var session = 0; session < 12; session++)
        {
            using var response = await balancer.PostChatAsync($$"""{"model":"fake-model","user":"user-{{session}}","messages":[]}""");
            back += BalancerHost.NodeOf(response) == drained.Id ? 1 : 0;
        }

        Assert.True(back > 0);
    }

    [Fact]
    public async Task WithoutSessionAffinityTheUserFieldChangesNothing()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b]);
        for (var i = 0; i < 10; i++)
        {
            using var response = await balancer.PostChatAsync("""{"model":"fake-model","user":"alice","messages":[]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal((5, 5), (a.Requests, b.Requests));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Synapse.LoadBalancer.Tests.Infrastructure;
using Synapse.OpenAI.Responses;

namespace Synapse.LoadBalancer.Tests.Responses;

/// <summary>
/// Responses through the balancer: each node's ids carry its route tag, and whatever names a stored response
/// (previous_response_id, GET, DELETE, input_items) reaches the node that stored it, under every policy, or gets a
/// clear error: never another node, where the conversation would silently start afresh.
/// </summary>
public sealed class ResponseRoutingTests
{
    [Fact]
    public async Task EachNodesIdsCarryItsTagAndAClientsTagIsDropped()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var c = await FakeNode.StartAsync("c");
        await using var balancer = await BalancerHost.StartAsync([a, b, c]);
        await WaitHealthyAsync(balancer, a, b, c);

        // /admin/status names each node's tag, so an operator can tell which node holds an id.
        using var status = JsonDocument.Parse(await balancer.Http.GetStringAsync("/admin/status", TestContext.Current.CancellationToken));
        var tagOf = status.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("route_tag").GetString()!);
        Assert.Equal(3, tagOf.Count);
        Assert.Equal(3, tagOf.Values.Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < 12; i++)
        {
            using var response = await CreateAsync(balancer, previous: null, clientTag: "evil");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var id = await IdOfAsync(response);
            Assert.True(ResponseIds.TryGetRouteTag(id, out var tag), id);
            Assert.Equal(tagOf[BalancerHost.NodeOf(response)!], tag);
        }

        // Round robin spread them over all three; each node only ever saw its own tag.
        foreach (var node in new[] { a, b, c })
        {
            Assert.Equal(4, node.ResponsesRequests);
            Assert.All(node.RouteTagHeaders, header => Assert.Equal(tagOf[balancer.IdOf(node)], header));
        }

        // Other requests lose a client's header too, and get none of their own.
        using (var chat = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(BalancerHost.ChatBody, Encoding.UTF8, "application/json") })
        {
            chat.Headers.Add(ResponseIds.RouteTagHeader, "evil");
            using var answer = await balancer.Http.SendAsync(chat, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.Contains(new[] { a, b, c }, n => n.RouteTagHeaders.Contains(""));
        Assert.DoesNotContain(new[] { a, b, c }.SelectMany(n => n.RouteTagHeaders), header => header == "evil");
    }

    [Theory]
    [InlineData("round_robin", "false")]
    [InlineData("least_requests", "false")]
    [InlineData("power_of_two", "false")]
    [InlineData("prefix", "false")]
    [InlineData("round_robin", "true")]
    public async Task ContinuationsAndLookupsReachTheNodeThatStoredTheResponse(string policy, string sessionAffinity)
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var c = await FakeNode.StartAsync("c");
        await using var balancer = await BalancerHost.StartAsync([a, b, c], new Dictionary<string, string?>
        {
            ["SYNAPSE_LB_POLICY"] = policy,
            ["SYNAPSE_SESSION_AFFINITY"] = sessionAffinity,
        });
        await WaitHealthyAsync(balancer, a, b, c);

        // Three conversations, each continued turn by turn: every turn goes to the node of the one before (the fake
        // nodes answer 404 for a previous_response_id they did not make).
        var conversations = new List<(string Node, List<string> Ids)>();
        for (var i = 0; i < 3; i++)
        {
            using var first = await CreateAsync(balancer, previous: null, user: $"user-{i}");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            conversations.Add((BalancerHost.NodeOf(first)!, [await IdOfAsync(first)]));
        }

        for (var turn = 0; turn < 6; turn++)
        {
            foreach (var (node, ids) in conversations)
            {
                using var next = await CreateAsync(balancer, previous: ids[^1], user: $"other-{turn}");
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                Assert.Equal(node, BalancerHost.NodeOf(next));
                ids.Add(await IdOfAsync(next));
            }
        }

        foreach (var (node, ids) in conversations)
        {
            foreach (var id in ids)
            {
                using var get = await balancer.Http.GetAsync($"/v1/responses/{id}", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, get.StatusCode);
                Assert.Equal(node, BalancerHost.NodeOf(get));
                Assert.Equal(id, await IdOfAsync(get));
                using var items = await balancer.Http.GetAsync($"/v1/responses/{id}/input_items?limit=5", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, items.StatusCode);
                Assert.Equal(node, BalancerHost.NodeOf(items));
            }

            using var delete = await balancer.Http.DeleteAsync($"/v1/responses/{ids[0]}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
            Assert.Equal(node, BalancerHost.NodeOf(delete));
            using var gone = await balancer.Http.GetAsync($"/v1/responses/{ids[0]}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal(node, BalancerHost.NodeOf(gone));
        }
    }

    [Fact]
    public async Task AnIdWhoseNodeIsNotInTheFleetIsA404AndReachesNoNode()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        string id;
        await using (var first = await BalancerHost.StartAsync([a, b]))
        {
            await WaitHealthyAsync(first, a, b);
            using var created = await CreateAsync(first, previous: null);
            id = await IdOfAsync(created);
            Assert.Equal(first.IdOf(a), BalancerHost.NodeOf(created));
        }

        // The node that stored it left the fleet (here: the configuration no longer lists it).
        await using var balancer = await BalancerHost.StartAsync([b]);
        await WaitHealthyAsync(balancer, b);
        var before = a.ResponsesRequests + b.ResponsesRequests;

        using (var continuation = await CreateAsync(balancer, previous: id))
        {
            Assert.Equal(HttpStatusCode.NotFound, continuation.StatusCode);
            var error = await BalancerHost.ErrorOf(continuation);
            Assert.Equal("previous_response_not_found", error.GetProperty("code").GetString());
            Assert.Equal("previous_response_id", error.GetProperty("param").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Contains(id, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/v1/responses/{id}"), (HttpMethod.Delete, $"/v1/responses/{id}"), (HttpMethod.Get, $"/v1/responses/{id}/input_items") })
        {
            using var lookup = await balancer.Http.SendAsync(new HttpRequestMessage(method, path), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
            var error = await BalancerHost.ErrorOf(lookup);
            Assert.Equal($"No response found with id '{id}'.", error.GetProperty("message").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        }

        // A tag no node ever had, and a well-formed id with it.
        using (var unknown = await balancer.Http.GetAsync("/v1/responses/" + ResponseIds.New("zzzzzzzzzzzz"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        Assert.Equal(before, a.ResponsesRequests + b.ResponsesRequests);
    }

    [Fact]
    public async Task WhileItsNodeIsDownAContinuationWaitsFor503AndThenReachesItAgain()
    {
        await using var fleet = await TwoNodes.StartAsync();
        var (a, b, balancer) = (fleet.A, fleet.B, fleet.Balancer);
        var (id, aId) = (fleet.FirstId, balancer.IdOf(a));

        await a.StopAsync();
        await balancer.WaitForHealthAsync(a, "unhealthy");
        var bBefore = b.ResponsesRequests;
        using (var continuation = await CreateAsync(balancer, previous: id))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, continuation.StatusCode);
            Assert.NotNull(continuation.Headers.RetryAfter);
            var error = await BalancerHost.ErrorOf(continuation);
            Assert.Equal("no_healthy_node", error.GetProperty("code").GetString());
            Assert.Contains(aId, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using (var get = await balancer.Http.GetAsync($"/v1/responses/{id}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, get.StatusCode);
        }

        Assert.Equal(bBefore, b.ResponsesRequests);

        // The node is back (its store kept the response, as a node's file does across a restart).
        await a.RestartAsync();
        await balancer.WaitForHealthAsync(a, "healthy");
        using var resumed = await CreateAsync(balancer, previous: id);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(aId, BalancerHost.NodeOf(resumed));
    }

    [Fact]
    public async Task ADrainedNodeStillAnswersForItsResponsesButGetsNoNewConversations()
    {
        await using var fleet = await TwoNodes.StartAsync();
        var (a, b, balancer) = (fleet.A, fleet.B, fleet.Balancer);
        var (id, aId) = (fleet.FirstId, balancer.IdOf(a));

        using (await balancer.Http.PostAsync($"/admin/nodes/{aId}/drain", null, TestContext.Current.CancellationToken)) { }
        for (var i = 0; i < 4; i++)
        {
            using var fresh = await CreateAsync(balancer, previous: null);
            Assert.Equal(balancer.IdOf(b), BalancerHost.NodeOf(fresh));
            using var continued = await CreateAsync(balancer, previous: id);
            Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
            Assert.Equal(aId, BalancerHost.NodeOf(continued));
            id = await IdOfAsync(continued);
            using var get = await balancer.Http.GetAsync($"/v1/responses/{id}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }
    }

    [Fact]
    public async Task TagsAreTheSameAfterABalancerRestartSoOldIdsStillRoute()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        var ids = new List<(string Id, string Node)>();
        Dictionary<string, string> tags;
        await using (var first = await BalancerHost.StartAsync([a, b]))
        {
            await WaitHealthyAsync(first, a, b);
            tags = first.Pool.Snapshot.ToDictionary(n => n.Id, n => n.RouteTag);
            for (var i = 0; i < 4; i++)
            {
                using var created = await CreateAsync(first, previous: null);
                ids.Add((await IdOfAsync(created), BalancerHost.NodeOf(created)!));
            }
        }

        // A new balancer process: nothing carried over but the configuration (here listed in the other order).
        await using var second = await BalancerHost.StartAsync([b, a]);
        await WaitHealthyAsync(second, a, b);
        Assert.Equal(tags, second.Pool.Snapshot.ToDictionary(n => n.Id, n => n.RouteTag));
        foreach (var (id, node) in ids)
        {
            using var continued = await CreateAsync(second, previous: id);
            Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
            Assert.Equal(node, BalancerHost.NodeOf(continued));
        }
    }

    [Fact]
    public async Task IdsWithoutATagAreForwardedLikeAnyRequest()
    {
        await using var a = await FakeNode.StartAsync("a");
        // Made on the node directly, without a balancer: no tag in the id.
        using var direct = new HttpClient { BaseAddress = new Uri(a.Url) };
        using var made = await direct.PostAsync("/v1/responses", new StringContent("""{"model":"fake-model","input":"hi"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var id = await IdOfAsync(made);
        Assert.False(ResponseIds.TryGetRouteTag(id, out _));

        await using var balancer = await BalancerHost.StartAsync([a]);
        await WaitHealthyAsync(balancer, a);
        using var get = await balancer.Http.GetAsync($"/v1/responses/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var continued = await CreateAsync(balancer, previous: id);
        Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
        // The continuation was made through the balancer: its id now carries the node's tag.
        Assert.True(ResponseIds.TryGetRouteTag(await IdOfAsync(continued), out var tag));
        Assert.Equal(balancer.Pool.Snapshot.Single().RouteTag, tag);
    }

    /// <summary>Nodes a and b behind a balancer, and a first response, made on a (round robin's first pick).</summary>
    private sealed class TwoNodes(FakeNode a, FakeNode b, BalancerHost balancer, string firstId) : IAsyncDisposable
    {
        public FakeNode A => a;
        public FakeNode B => b;
        public BalancerHost Balancer => balancer;
        public string FirstId => firstId;

        public static async Task<TwoNodes> StartAsync()
        {
            var a = await FakeNode.StartAsync("a");
            var b = await FakeNode.StartAsync("b");
            var balancer = await BalancerHost.StartAsync([a, b]);
            await WaitHealthyAsync(balancer, a, b);
            using var created = await CreateAsync(balancer, previous: null);
            Assert.Equal(balancer.IdOf(a), BalancerHost.NodeOf(created));
            return new TwoNodes(a, b, balancer, await IdOfAsync(created));
        }

        public async ValueTask DisposeAsync()
        {
            await balancer.DisposeAsync();
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }

    private static async Task WaitHealthyAsync(BalancerHost balancer, params FakeNode[] nodes)
    {
        foreach (var node in nodes)
        {
            await balancer.WaitForHealthAsync(node, "healthy");
        }
    }

    private static async Task<HttpResponseMessage> CreateAsync(BalancerHost balancer, string? previous, string? user = null, string? clientTag = null)
    {
        var body = new Dictionary<string, object?> { ["model"] = "fake-model", ["input"] = "Say hello" };
        if (previous is not null)
        {
            body["previous_response_id"] = previous;
        }

        if (user is not null)
        {
            body["user"] = user;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = JsonContent.Create(body) };
        if (clientTag is not null)
        {
            request.Headers.Add(ResponseIds.RouteTagHeader, clientTag);
        }

        return await balancer.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }
}

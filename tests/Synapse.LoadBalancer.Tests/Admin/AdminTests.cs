using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Admin;

public sealed class AdminTests
{
    [Fact]
    public async Task StatusDescribesEveryNodeAsTheContractSays()
    {
        await using var a = await FakeNode.StartAsync("a", "small");
        await using var b = await FakeNode.StartAsync("b", "large");
        b.Ready = ReadyBehaviour.Loading;
        await using var balancer = await BalancerHost.StartAsync([a, b]);
        using (var response = await balancer.PostChatAsync("""{"model":"small","messages":[{"role":"user","content":"hi"}]}"""))
        {
            await response.Content.ReadAsStringAsync();
        }

        // YARP's forwarder counts the request in flight until it has finished with it, a moment after the client has the answer.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (balancer.Pool.FindByUrl(new Uri(a.Url))!.InFlight != 0)
        {
            await Task.Delay(10, cts.Token);
        }

        using var document = JsonDocument.Parse(await balancer.Http.GetStringAsync("/admin/status"));
        var root = document.RootElement;
        Assert.Equal("round_robin", root.GetProperty("balancer").GetProperty("policy").GetString());
        Assert.True(root.GetProperty("balancer").GetProperty("uptime_seconds").GetDouble() >= 0);
        var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("url").GetString()!);
        var na = nodes[a.Url];
        Assert.Equal(balancer.IdOf(a), na.GetProperty("id").GetString());
        Assert.Equal("config", na.GetProperty("source").GetString());
        Assert.Equal("healthy", na.GetProperty("health").GetString());
        Assert.Equal(["small"], na.GetProperty("models").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(0, na.GetProperty("in_flight").GetInt64());
        Assert.Equal(1, na.GetProperty("requests").GetInt64());
        Assert.Equal(0, na.GetProperty("errors").GetInt64());
        Assert.Equal(JsonValueKind.Number, na.GetProperty("latency_ms_p50").ValueKind);
        Assert.Equal(JsonValueKind.Number, na.GetProperty("latency_ms_p95").ValueKind);
        Assert.True(DateTimeOffset.TryParse(na.GetProperty("last_check").GetString(), out _));
        Assert.Equal("loading", nodes[b.Url].GetProperty("health").GetString());
    }

    [Fact]
    public async Task NodesCanBeAddedDrainedAndRemovedWithoutARestart()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a]);

        using (var added = await balancer.Http.PostAsJsonAsync("/admin/nodes", new { url = b.Url }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            using var node = JsonDocument.Parse(await added.Content.ReadAsStringAsync());
            Assert.Equal("admin", node.RootElement.GetProperty("source").GetString());
            Assert.Equal("healthy", node.RootElement.GetProperty("health").GetString());
        }

        var bId = balancer.IdOf(b);
        for (var i = 0; i < 4; i++)
        {
            using (await balancer.PostChatAsync()) { }
        }

        Assert.Equal(2, b.Requests);

        // Drain b while a slow request runs on it: the running one completes, new ones go to a.
        b.Delay = TimeSpan.FromMilliseconds(500);
        var aId = balancer.IdOf(a);
        using (await balancer.Http.PostAsync($"/admin/nodes/{aId}/drain", null)) { }
        var running = balancer.PostChatAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (b.InFlight == 0)
        {
            await Task.Delay(10, cts.Token);
        }

        using (var resumed = await balancer.Http.PostAsync($"/admin/nodes/{aId}/resume", null))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }

        using (var drained = await balancer.Http.PostAsync($"/admin/nodes/{bId}/drain", null))
        {
            Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
            using var node = JsonDocument.Parse(await drained.Content.ReadAsStringAsync());
            Assert.Equal("draining", node.RootElement.GetProperty("health").GetString());
        }

        for (var i = 0; i < 4; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(balancer.IdOf(a), BalancerHost.NodeOf(response));
        }

        using (var finished = await running)
        {
            Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
            Assert.Equal(bId, BalancerHost.NodeOf(finished));
        }

        using (var removed = await balancer.Http.DeleteAsync($"/admin/nodes/{bId}"))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.Null(balancer.Pool.Find(bId));
        using var again = await balancer.Http.DeleteAsync($"/admin/nodes/{bId}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var bad = await balancer.Http.PostAsJsonAsync("/admin/nodes", new { url = "not a url" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task ARegisteredNodeServesAtOnceAndIsDroppedWhenItsHeartbeatsStop()
    {
        await using var node = await FakeNode.StartAsync("a", "registered-model");
        await using var balancer = await BalancerHost.StartAsync([], new Dictionary<string, string?> { ["SYNAPSE_ADMIN_KEY"] = "admin-secret" });

        using var register = new HttpRequestMessage(HttpMethod.Post, "/admin/nodes/register")
        {
            Content = JsonContent.Create(new { url = node.Url, models = new[] { "registered-model" }, heartbeat_seconds = 0.3 }),
        };
        register.Headers.Authorization = new("Bearer", "admin-secret");
        using (var registered = await balancer.Http.SendAsync(register))
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
            using var answer = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
            Assert.Equal("registered", answer.RootElement.GetProperty("status").GetString());
            Assert.Equal(balancer.IdOf(node), answer.RootElement.GetProperty("id").GetString());
        }

        var completion = await balancer.Chat("registered-model").CompleteChatAsync("hi");
        Assert.Equal("from a", completion.Value.Content[0].Text);
        Assert.Equal("registered", balancer.Pool.Find(balancer.IdOf(node))!.Source.ToString().ToLowerInvariant());

        // No more heartbeats: gone after three missed ones (0.9 s).
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (balancer.Pool.Snapshot.Count > 0)
        {
            await Task.Delay(50, cts.Token);
        }

        using var after = await balancer.PostChatAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
    }

    [Fact]
    public async Task ANodeAnnouncingEveryInterfaceIsReachedAtTheAddressItCalledFrom()
    {
        await using var node = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([]);

        using var registered = await balancer.Http.PostAsJsonAsync("/admin/nodes/register",
            new { url = $"http://0.0.0.0:{node.Port}", models = new[] { "fake-model" }, heartbeat_seconds = 30 });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        var pooled = Assert.Single(balancer.Pool.Snapshot);
        Assert.Equal(node.Url, pooled.Prefix);
        Assert.Equal("healthy", pooled.HealthName);
    }

    [Fact]
    public async Task RegistrationWithABadBodyIs400()
    {
        await using var balancer = await BalancerHost.StartAsync([]);
        using var response = await balancer.Http.PostAsJsonAsync("/admin/nodes/register", new { models = new[] { "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("url", (await BalancerHost.ErrorOf(response)).GetProperty("param").GetString());
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using OpenAI.Chat;
using Synapse.LoadBalancer.Tests.Infrastructure;
using Synapse.Testing.Metrics;

namespace Synapse.LoadBalancer.Tests.Proxy;

public sealed class FailoverTests
{
    // A long interval: the dead node stays "healthy" until a request finds out, so failover is what is tested.
    private static readonly Dictionary<string, string?> SlowChecks = new() { ["SYNAPSE_HEALTH_INTERVAL"] = "60" };

    [Fact]
    public async Task RequestsToAKilledNodeAreRetriedElsewhereAndNoneIsLost()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b], SlowChecks);
        await b.StopAsync();

        var chat = balancer.Chat();
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => (await chat.CompleteChatAsync("hi")).Value.Content[0].Text));

        Assert.All(answers, text => Assert.Equal("from a", text));
        Assert.Equal("unhealthy", balancer.Pool.Find(balancer.IdOf(b))!.HealthName);
        var metrics = PrometheusText.Parse(await balancer.Http.GetStringAsync("/metrics"));
        Assert.True(metrics.Has("synapse_balancer_retries_total", ("node", balancer.IdOf(b))));
        Assert.True(metrics.Has("synapse_balancer_failovers_total", ("node", balancer.IdOf(a))));
    }

    [Fact]
    public async Task ANodeDyingBeforeItAnswersIsRetriedOnAnother()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        b.Chat = ChatBehaviour.DieBeforeAnswer;
        b.Delay = TimeSpan.FromMilliseconds(50);
        await using var balancer = await BalancerHost.StartAsync([a, b], SlowChecks);

        for (var i = 0; i < 4; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(balancer.IdOf(a), BalancerHost.NodeOf(response));
            Assert.Contains("from a", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(b.Requests >= 1);
    }

    [Fact]
    public async Task AStreamWhoseNodeDiesEndsWithAnErrorEventAndNoBrokenLine()
    {
        await using var a = await FakeNode.StartAsync("a");
        a.Chat = ChatBehaviour.DieMidStream;
        a.StreamChunks = 5;
        a.ChunksBeforeDeath = 2;
        await using var balancer = await BalancerHost.StartAsync([a], SlowChecks);

        var watch = Stopwatch.StartNew();
        using var response = await balancer.PostChatAsync("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, events.Length);
        Assert.Contains("t0", events[0], StringComparison.Ordinal);
        Assert.Contains("t1", events[1], StringComparison.Ordinal);
        Assert.StartsWith("data: {\"error\":{", events[2], StringComparison.Ordinal);
        Assert.Contains("\"code\":\"node_failed\"", events[2], StringComparison.Ordinal);
        Assert.DoesNotContain("\"obj\n", body, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TheOpenAIClientsStreamEndsAfterTheTokensItGotInsteadOfHanging()
    {
        await using var a = await FakeNode.StartAsync("a");
        a.Chat = ChatBehaviour.DieMidStream;
        await using var balancer = await BalancerHost.StartAsync([a], SlowChecks);

        // The .NET SDK skips `data: {"error":…}` events (the Python and JS SDKs raise them); what matters here is
        // that the stream ends with what the node had sent, and never hangs.
        var received = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var update in balancer.Chat().CompleteChatStreamingAsync([new UserChatMessage("hi")], cancellationToken: cts.Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                received.Append(part.Text);
            }
        }

        Assert.Equal("t0 t1 ", received.ToString());
    }

    [Fact]
    public async Task AllNodesDownGives503InTheOpenAIEnvelope()
    {
        await using var a = await FakeNode.StartAsync("a");
        a.Ready = ReadyBehaviour.Failing;
        await using var balancer = await BalancerHost.StartAsync([a]);

        var watch = Stopwatch.StartNew();
        using var response = await balancer.PostChatAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = await BalancerHost.ErrorOf(response);
        Assert.Equal("no_healthy_node", error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal(0, a.Requests);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WhenEveryNodeFailsTheClientGets502NotAHang()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        a.Chat = b.Chat = ChatBehaviour.DieBeforeAnswer;
        await using var balancer = await BalancerHost.StartAsync([a, b], SlowChecks);

        using var response = await balancer.PostChatAsync();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("node_failed", (await BalancerHost.ErrorOf(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ANodeSilentLongerThanTheRequestTimeoutGives504AndIsNotRetried()
    {
        await using var slow = await FakeNode.StartAsync("slow");
        await using var other = await FakeNode.StartAsync("other");
        slow.Delay = TimeSpan.FromSeconds(5);
        await using var balancer = await BalancerHost.StartAsync([slow, other], new Dictionary<string, string?>
        {
            ["SYNAPSE_HEALTH_INTERVAL"] = "60",
            ["SYNAPSE_REQUEST_TIMEOUT"] = "0.5",
        });
        balancer.Pool.SetDraining(balancer.Pool.Find(balancer.IdOf(other))!, true);
        var first = await balancer.PostChatAsync();
        balancer.Pool.SetDraining(balancer.Pool.Find(balancer.IdOf(other))!, false);

        using (first)
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
            Assert.Equal("node_timeout", (await BalancerHost.ErrorOf(first)).GetProperty("code").GetString());
        }

        // A silent node may still be working: the request is not sent again elsewhere, and the node stays in.
        Assert.Equal(0, other.Requests);
        Assert.Equal("healthy", balancer.Pool.FindByUrl(new Uri(slow.Url))!.HealthName);
    }

    [Fact]
    public async Task ABusyNodes503GoesToAnotherNodeAndTheBusyNodeStaysHealthy()
    {
        await using var full = await FakeNode.StartAsync("full");
        await using var free = await FakeNode.StartAsync("free");
        full.Chat = ChatBehaviour.QueueFull;
        await using var balancer = await BalancerHost.StartAsync([full, free]);

        for (var i = 0; i < 6; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(balancer.IdOf(free), BalancerHost.NodeOf(response));
        }

        Assert.True(full.Requests >= 1);
        Assert.Equal("healthy", balancer.Pool.FindByUrl(new Uri(full.Url))!.HealthName);
    }

    [Fact]
    public async Task ALoneBusyNodes503ReachesTheClient()
    {
        await using var full = await FakeNode.StartAsync("full");
        full.Chat = ChatBehaviour.QueueFull;
        await using var balancer = await BalancerHost.StartAsync([full]);

        using var response = await balancer.PostChatAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("server_overloaded", (await BalancerHost.ErrorOf(response)).GetProperty("code").GetString());
        Assert.Equal("healthy", balancer.Pool.FindByUrl(new Uri(full.Url))!.HealthName);
    }
}

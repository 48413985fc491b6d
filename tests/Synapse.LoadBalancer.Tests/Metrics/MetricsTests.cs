using Synapse.LoadBalancer.Tests.Infrastructure;
using Synapse.Testing.Metrics;

namespace Synapse.LoadBalancer.Tests.Metrics;

public sealed class MetricsTests
{
    [Fact]
    public async Task MetricsCountRequestsPerNodeAndStatusAndShowNodeHealth()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        b.Ready = ReadyBehaviour.Failing;
        await using var balancer = await BalancerHost.StartAsync([a, b]);

        for (var i = 0; i < 3; i++)
        {
            // Read to the end: the balancer has counted a request once its answer is complete.
            using var response = await balancer.PostChatAsync();
            await response.Content.ReadAsStringAsync();
        }

        using var scrape = await balancer.Http.GetAsync("/metrics");
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var metrics = PrometheusText.Parse(await scrape.Content.ReadAsStringAsync());
        var aId = balancer.IdOf(a);
        var bId = balancer.IdOf(b);
        Assert.Equal(3, metrics.Value("synapse_balancer_requests_total", ("node", aId), ("status", "200")));
        Assert.Equal(1, metrics.Value("synapse_balancer_node_healthy", ("node", aId), ("health", "healthy")));
        Assert.Equal(0, metrics.Value("synapse_balancer_node_healthy", ("node", bId), ("health", "unhealthy")));
        Assert.Equal(3, metrics.Value("synapse_balancer_proxy_duration_seconds_count"));
        Assert.Equal(3, metrics.Value("synapse_balancer_proxy_duration_seconds_bucket", ("le", "+Inf")));
        Assert.True(metrics.Has("synapse_balancer_proxy_duration_seconds_bucket", ("le", "0.005")), "today's bucket bounds are kept");
        Assert.Equal(0, metrics.Value("synapse_balancer_node_in_flight", ("node", aId)));
        Assert.Equal(2, metrics.Value("synapse_balancer_nodes"));
        Assert.Equal("counter", metrics.Types["synapse_balancer_requests_total"]);
        Assert.Equal("histogram", metrics.Types["synapse_balancer_proxy_duration_seconds"]);
    }

    [Fact]
    public async Task EveryBalancerSeriesOfTodayIsExportedAfterTraffic()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var b = await FakeNode.StartAsync("b");
        await using var balancer = await BalancerHost.StartAsync([a, b], new Dictionary<string, string?> { ["SYNAPSE_HEALTH_INTERVAL"] = "60" });
        // a dies before answering: its requests are retried on b (retries on a, failovers to b). The policy spreads
        // requests, so four reach a at least once (as FailoverTests also relies on).
        a.Chat = ChatBehaviour.DieBeforeAnswer;
        for (var i = 0; i < 4; i++)
        {
            using var response = await balancer.PostChatAsync();
            await response.Content.ReadAsStringAsync();
        }

        // Then every stream breaks after its first chunk: a stream failure, whichever node takes it.
        a.Chat = b.Chat = ChatBehaviour.DieMidStream;
        b.StreamChunks = a.StreamChunks = 3;
        b.ChunksBeforeDeath = a.ChunksBeforeDeath = 1;
        using (var stream = await balancer.PostChatAsync("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}"""))
        {
            await stream.Content.ReadAsStringAsync();
        }

        var metrics = PrometheusText.Parse(await balancer.Http.GetStringAsync("/metrics"));
        foreach (var name in new[]
                 {
                     "synapse_balancer_requests_total", "synapse_balancer_retries_total", "synapse_balancer_failovers_total",
                     "synapse_balancer_stream_failures_total", "synapse_balancer_proxy_duration_seconds_bucket",
                     "synapse_balancer_proxy_duration_seconds_sum", "synapse_balancer_proxy_duration_seconds_count",
                     "synapse_balancer_node_healthy", "synapse_balancer_node_in_flight", "synapse_balancer_nodes",
                 })
        {
            Assert.True(metrics.Has(name), $"{name} is exported");
        }
    }

    [Fact]
    public async Task TwoBalancersInOneProcessCountOnlyTheirOwnRequests()
    {
        await using var a = await FakeNode.StartAsync("a");
        await using var first = await BalancerHost.StartAsync([a]);
        await using var second = await BalancerHost.StartAsync([a]);

        for (var i = 0; i < 2; i++)
        {
            using var response = await second.PostChatAsync();
            await response.Content.ReadAsStringAsync();
        }

        var metrics = PrometheusText.Parse(await first.Http.GetStringAsync("/metrics"));
        Assert.False(metrics.Has("synapse_balancer_requests_total"));
        Assert.Equal(1, metrics.Value("synapse_balancer_nodes"));
        var secondMetrics = PrometheusText.Parse(await second.Http.GetStringAsync("/metrics"));
        Assert.Equal(2, secondMetrics.Value("synapse_balancer_requests_total", ("status", "200")));
    }
}

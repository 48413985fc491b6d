using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests;

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

        var metrics = await balancer.Http.GetStringAsync("/metrics");
        var aId = balancer.IdOf(a);
        var bId = balancer.IdOf(b);
        Assert.Contains($"synapse_balancer_requests_total{{node=\"{aId}\",status=\"200\"}} 3", metrics, StringComparison.Ordinal);
        Assert.Contains($"synapse_balancer_node_healthy{{node=\"{aId}\",health=\"healthy\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"synapse_balancer_node_healthy{{node=\"{bId}\",health=\"unhealthy\"}} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("synapse_balancer_proxy_duration_seconds_count 3", metrics, StringComparison.Ordinal);
        Assert.Contains($"synapse_balancer_node_in_flight{{node=\"{aId}\"}} 0", metrics, StringComparison.Ordinal);
    }
}

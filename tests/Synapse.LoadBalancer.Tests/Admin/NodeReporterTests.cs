using Synapse.LoadBalancer.Admin;

namespace Synapse.LoadBalancer.Tests.Admin;

/// <summary>How /admin/fleet reads a node's Prometheus text: the wanted series only, labels or not, first line wins.</summary>
public sealed class NodeReporterTests
{
    [Fact]
    public void Reads_the_dashboards_series_with_or_without_labels_and_ignores_the_rest()
    {
        const string text = """
            # TYPE synapse_num_requests_running gauge
            synapse_num_requests_running{otel_scope_name="Synapse.Node"} 2 1733400000000
            synapse_num_requests_waiting 5
            synapse_kv_cache_usage_ratio{otel_scope_name="Synapse.Node"} 0.25
            synapse_generation_tokens_total{otel_scope_name="Synapse.Node"} 1234
            synapse_generation_tokens_total{otel_scope_name="other"} 99
            synapse_http_requests_total{code="200"} 7
            synapse_num_slots NaN
            synapse_prompt_tokens_total{broken 3
            """;

        var values = NodeReporter.Parse(text);

        Assert.Equal(2, values["synapse_num_requests_running"]);
        Assert.Equal(5, values["synapse_num_requests_waiting"]);
        Assert.Equal(0.25, values["synapse_kv_cache_usage_ratio"]);
        Assert.Equal(1234, values["synapse_generation_tokens_total"]);
        Assert.False(values.ContainsKey("synapse_http_requests_total"));
        Assert.False(values.ContainsKey("synapse_num_slots"));
        Assert.False(values.ContainsKey("synapse_prompt_tokens_total"));
    }
}

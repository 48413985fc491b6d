using System.Net;
using System.Text;
using Synapse.Telemetry.Tests.Infrastructure;
using Synapse.Testing.Metrics;

namespace Synapse.Telemetry.Tests;

/// <summary>The node's /metrics, now written by OpenTelemetry's Prometheus exporter, still shows every series of before.</summary>
public sealed class NodeMetricsTests
{
    [Fact]
    public async Task EveryNodeSeriesOfTodayIsExportedAfterTraffic()
    {
        await using var fleet = await TracedFleet.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(fleet.NodeUrl) };
        using (var ok = await http.PostAsync("/v1/chat/completions", new StringContent(
                   $$"""{"model":"{{TracedFleet.Model}}","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            await ok.Content.ReadAsStringAsync();
        }

        using (var bad = await http.PostAsync("/v1/chat/completions", new StringContent("{ broken", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var scrape = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var metrics = PrometheusText.Parse(await scrape.Content.ReadAsStringAsync());

        foreach (var gauge in new[]
                 {
                     "synapse_ready", "synapse_num_requests_running", "synapse_num_requests_waiting", "synapse_num_slots",
                     "synapse_kv_cache_usage_ratio", "synapse_kv_cache_used_tokens", "synapse_kv_cache_capacity_tokens",
                     "synapse_prefix_cache_host_bytes", "synapse_prefix_cache_host_entries",
                 })
        {
            Assert.True(metrics.Has(gauge), $"{gauge} is exported");
            Assert.Equal("gauge", metrics.Types[gauge]);
        }

        foreach (var counter in new[]
                 {
                     "synapse_prompt_tokens_total", "synapse_generation_tokens_total", "synapse_decode_steps_total",
                     "synapse_http_requests_total", "synapse_errors_total", "synapse_request_success_total",
                     "synapse_prompt_cached_tokens_total", "synapse_prefix_cache_hits_total",
                     "synapse_prefix_cache_host_restores_total", "synapse_prefix_cache_host_evictions_total",
                 })
        {
            Assert.True(metrics.Has(counter), $"{counter} is exported");
            Assert.Equal("counter", metrics.Types[counter]);
        }

        foreach (var histogram in new[]
                 {
                     "synapse_time_to_first_token_seconds", "synapse_inter_token_latency_seconds",
                     "synapse_e2e_request_latency_seconds", "synapse_request_queue_time_seconds",
                 })
        {
            Assert.Equal("histogram", metrics.Types[histogram]);
            Assert.True(metrics.Has(histogram + "_bucket", ("le", "+Inf")), $"{histogram} has buckets");
            Assert.True(metrics.Has(histogram + "_sum") && metrics.Has(histogram + "_count"), $"{histogram} has sum and count");
        }

        // Today's bucket bounds are kept.
        Assert.True(metrics.Has("synapse_time_to_first_token_seconds_bucket", ("le", "0.001")));
        Assert.True(metrics.Has("synapse_time_to_first_token_seconds_bucket", ("le", "80")));
        Assert.True(metrics.Has("synapse_inter_token_latency_seconds_bucket", ("le", "0.0025")));

        Assert.Equal(1, metrics.Value("synapse_ready"));
        Assert.True(metrics.Value("synapse_prompt_tokens_total") > 0);
        Assert.Equal(1, metrics.Value("synapse_http_requests_total", ("endpoint", "/v1/chat/completions"), ("status", "200")));
        Assert.Equal(1, metrics.Value("synapse_http_requests_total", ("endpoint", "/v1/chat/completions"), ("status", "400")));
        Assert.Equal(1, metrics.Value("synapse_errors_total", ("code", "invalid_request_error")));
        Assert.Equal(1, metrics.Value("synapse_request_success_total", ("finished_reason", "length")));
    }
}

using System.Net;
using OpenAI.Chat;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Metrics;

namespace Synapse.Node.Tests.Health;

[Collection(RealNodeCollection.Name)]
public sealed class HealthAndMetricsTests(RealNodeFixture fixture)
{
    [Fact]
    public async Task HealthAndReadinessAnswerOk()
    {
        var host = await fixture.GetAsync();
        using var health = await host.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());
        using var ready = await host.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task MetricsArePrometheusTextWithTheNodeSeries()
    {
        var host = await fixture.GetAsync();
        await host.Chat().CompleteChatAsync([new UserChatMessage("Hello")], new ChatCompletionOptions { MaxOutputTokenCount = 3 });
        // Inter-token latency needs two text deltas in one generation, whatever the random model says first (and
        // whichever test of the shared node ran before): eight tokens past any end-of-sequence give several.
        var (many, manyBody) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions",
            """{"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 8, "ignore_eos": true}""");
        Assert.Equal(HttpStatusCode.OK, many.StatusCode);
        Assert.Equal(8, manyBody.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", "{ broken");

        using var response = await host.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        foreach (var name in new[]
                 {
                     "synapse_num_requests_running", "synapse_num_requests_waiting", "synapse_kv_cache_usage_ratio",
                     "synapse_prompt_tokens_total", "synapse_generation_tokens_total",
                     "synapse_time_to_first_token_seconds_count", "synapse_e2e_request_latency_seconds_sum",
                 })
        {
            Assert.True(metrics.Has(name), $"{name} is exported");
        }

        Assert.True(metrics.Has("synapse_time_to_first_token_seconds_bucket", ("le", "0.1")));
        Assert.True(metrics.Has("synapse_inter_token_latency_seconds_bucket", ("le", "+Inf")));
        Assert.True(metrics.Has("synapse_http_requests_total", ("endpoint", "/v1/chat/completions"), ("status", "200")));
        Assert.True(metrics.Has("synapse_http_requests_total", ("endpoint", "/v1/chat/completions"), ("status", "400")));
        Assert.True(metrics.Has("synapse_errors_total", ("code", "invalid_request_error")));
        Assert.Equal("histogram", metrics.Types["synapse_time_to_first_token_seconds"]);
        Assert.NotEqual(0, metrics.Value("synapse_prompt_tokens_total"));
    }
}

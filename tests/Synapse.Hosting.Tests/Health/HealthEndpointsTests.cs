using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Synapse.Hosting.Health;
using Synapse.Hosting.Tests.Infrastructure;

namespace Synapse.Hosting.Tests.Health;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Liveness_is_ok_and_readiness_carries_the_failed_checks_state_and_reason()
    {
        var ready = false;
        await using var server = await TestServer.StartAsync(
            services => services.AddSynapseHealth().AddCheck("model", () => ready
                ? HealthCheckResult.Healthy()
                : SynapseHealthChecks.Unhealthy("loading", "Downloading org/model: model.safetensors 40%."), tags: [SynapseHealthChecks.ReadyTag]),
            app => app.MapSynapseHealth());

        using var live = await server.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await live.Content.ReadAsStringAsync());
        Assert.Equal("application/json", live.Content.Headers.ContentType!.MediaType);

        using var loading = await server.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
        Assert.Equal("""{"status":"loading","reason":"Downloading org/model: model.safetensors 40%."}""", await loading.Content.ReadAsStringAsync());

        ready = true;
        using var ok = await server.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await ok.Content.ReadAsStringAsync());
    }
}

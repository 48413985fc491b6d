using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary><c>synapse up</c> as a user runs it: one command, a working fleet, prefixed logs, and Ctrl+C/SIGTERM stops everything.</summary>
public sealed class UpCommandTests
{
    [Fact]
    public async Task UpStartsABalancerAndNodesWithPrefixedLogsAndSigtermStopsThemAll()
    {
        var nodePort = Ports.FreeRange(2);
        var balancerPort = Ports.Free();
        await using var up = SynapseProcess.Start("up",
        [
            "up", "--nodes", "2", "--port", nodePort.ToString(CultureInfo.InvariantCulture), "--balancer-port", balancerPort.ToString(CultureInfo.InvariantCulture),
            "--engine", "simulated", "--model", "sim-up", "--sim-tokens-per-second", "0", "--balancer-arg", "--health-interval", "--balancer-arg", "0.5",
        ]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{balancerPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.WaitAsync(async () =>
        {
            if (up.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"synapse up exited with {up.Exited.Result}:\n{up.Log}");
            }

            // Without an admin key the balancer answers /admin to loopback clients.
            var status = await http.GetFromJsonAsync("/admin/status", Synapse.LoadBalancer.Admin.AdminJsonContext.Default.StatusResponse);
            return status!.Nodes.Count(n => n.Health == "healthy") == 2;
        }, "both nodes of the fleet to be healthy");

        try
        {
            await ServeAndStopAsync(up, http, nodePort);
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"synapse up failed; its log:\n{up.Log}", exception);
        }
    }

    private static async Task ServeAndStopAsync(SynapseProcess up, HttpClient http, int nodePort)
    {
        var servedBy = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.PostAsync("/v1/chat/completions", new StringContent(
                """{"model":"sim-up","messages":[{"role":"user","content":"Hi"}],"max_tokens":3}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            servedBy.Add(response.Headers.GetValues("X-Synapse-Node").Single());
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Synapse simulated engine", body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }

        Assert.Equal([$"127.0.0.1:{nodePort}", $"127.0.0.1:{nodePort + 1}"], servedBy.Order());
        var log = up.Log;
        Assert.Contains($"[node-{nodePort}] ", log, StringComparison.Ordinal);
        Assert.Contains($"[node-{nodePort + 1}] ", log, StringComparison.Ordinal);
        Assert.Contains("[balancer] ", log, StringComparison.Ordinal);

        Assert.Equal(0, await up.StopAsync());
        log = up.Log;
        Assert.Contains($"[up] node-{nodePort} stopped (exit code 0)", log, StringComparison.Ordinal);
        Assert.Contains($"[up] node-{nodePort + 1} stopped (exit code 0)", log, StringComparison.Ordinal);
        Assert.Contains("[up] balancer stopped (exit code 0)", log, StringComparison.Ordinal);
        // Nothing listens any more: every child is gone.
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/health"));
        using var node = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => node.GetAsync($"http://127.0.0.1:{nodePort}/health"));
    }

    [Fact]
    public async Task UpReportsANodeThatDiesAndStopsWhenNoNodeIsLeft()
    {
        // The node refuses its settings at start (exit 2): up reports it and, with no node left, stops with exit 1.
        await using var up = SynapseProcess.Start("up",
        [
            "up", "--nodes", "1", "--port", Ports.Free().ToString(CultureInfo.InvariantCulture),
            "--balancer-port", Ports.Free().ToString(CultureInfo.InvariantCulture), "--engine", "simulated", "--model", "m", "--parallel", "zero",
        ]);
        Assert.Equal(1, await up.Exited.WaitAsync(TimeSpan.FromSeconds(60)));
        var log = up.Log;
        Assert.Contains("exited unexpectedly with code 2", log, StringComparison.Ordinal);
        Assert.Contains("no node is left", log, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_PARALLEL", log, StringComparison.Ordinal);
    }
}

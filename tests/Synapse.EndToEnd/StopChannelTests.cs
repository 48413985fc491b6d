using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Synapse.Cli.Fleet;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>
/// The stop channel <c>synapse up</c> uses on Windows, where there is no SIGTERM: each child reads a <c>stop</c> line
/// (or the end) of its standard input and stops as on SIGTERM, so a node finishes the requests it is running.
/// Driven here on Linux exactly as on Windows.
/// </summary>
public sealed class StopChannelTests
{
    private const string Model = "sim-stop";

    private static StringContent Chat(int maxTokens) => new(
        $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Hi"}],"max_tokens":{{maxTokens}}}""", Encoding.UTF8, "application/json");

    private static string[] NodeArguments(int port) =>
        ["node", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--engine", "simulated", "--model", Model,
         "--sim-tokens-per-second", "40"];

    private static async Task AssertCompletedAsync(Task<HttpResponseMessage> request, int maxTokens)
    {
        using var response = await request.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("length", body.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(maxTokens, body.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task A_stop_line_drains_a_node_mid_request_and_it_exits_cleanly()
    {
        var port = Ports.Free();
        await using var node = new NodeProcess(port, []);
        await using var process = SynapseProcess.Start("node", NodeArguments(port), ChildStopMode.StandardInput);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        await Eventually.WaitAsync(async () =>
        {
            Assert.False(process.Exited.IsCompleted, process.Log);
            using var ready = await http.GetAsync("/health/ready");
            return ready.StatusCode == HttpStatusCode.OK;
        }, "the node to be ready");

        // 160 tokens at 40/s: about four seconds of work still running when the stop arrives.
        var running = http.PostAsync("/v1/chat/completions", Chat(160));
        await Eventually.WaitAsync(async () => await node.RunningAsync() == 1, "the request to hold a slot");

        var stopped = process.StopAsync();
        await Eventually.WaitAsync(() => Task.FromResult(process.Log.Contains("Shutdown requested", StringComparison.Ordinal)), "the node to start draining");
        Assert.False(running.IsCompleted);

        await AssertCompletedAsync(running, 160);
        Assert.Equal(0, await stopped);
    }

    [Fact]
    public async Task A_node_whose_parent_is_gone_stops_when_its_standard_input_closes()
    {
        var port = Ports.Free();
        var info = SynapseProcess.Launcher.StartInfo(NodeArguments(port));
        info.RedirectStandardInput = true;
        info.Environment[Synapse.Hosting.Startup.StopChannel.Variable] = "stdin";
        var log = new StringBuilder();
        using var process = new System.Diagnostics.Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Log()
        {
            lock (log)
            {
                return log.ToString();
            }
        }

        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.WaitAsync(async () =>
            {
                Assert.False(process.HasExited, Log());
                using var ready = await http.GetAsync("/health/ready");
                return ready.StatusCode == HttpStatusCode.OK;
            }, "the node to be ready");

            // Lines that are not "stop" (a stray Enter) change nothing: the node still serves after them.
            await process.StandardInput.WriteLineAsync();
            await process.StandardInput.WriteLineAsync("status");
            await process.StandardInput.FlushAsync();
            using (var response = await http.PostAsync("/v1/chat/completions", Chat(2)))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.False(process.HasExited);
            Assert.DoesNotContain("Shutdown requested", Log(), StringComparison.Ordinal);

            // The parent's end of the pipe closes (it died, or its console was closed): the node stops cleanly.
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Shutdown requested", Log(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Up_with_the_standard_input_channel_finishes_a_running_request_through_the_balancer()
    {
        var nodePort = Ports.Free();
        var balancerPort = Ports.Free();
        var plan = new FleetPlan
        {
            Nodes = 1, NodePort = nodePort, BalancerPort = balancerPort,
            NodeArguments = ["--engine", "simulated", "--model", Model, "--sim-tokens-per-second", "40"],
            BalancerArguments = ["--health-interval", "0.5"],
        };
        var log = new StringBuilder();
        var supervisor = new FleetSupervisor(plan, SynapseProcess.Launcher, SynapseProcess.Writer(log))
        {
            StopMode = ChildStopMode.StandardInput,
        };
        using var ctrlC = new CancellationTokenSource();
        var up = supervisor.RunAsync(ctrlC.Token);
        string Log()
        {
            lock (log)
            {
                return log.ToString();
            }
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{balancerPort}"), Timeout = TimeSpan.FromSeconds(60) };
        await using var node = new NodeProcess(nodePort, []);
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                Assert.False(up.IsCompleted, Log());
                var status = await http.GetFromJsonAsync("/admin/status", Synapse.LoadBalancer.Admin.AdminJsonContext.Default.StatusResponse);
                return status!.Nodes.Count(n => n.Health == "healthy") == 1;
            }, "the node to be healthy behind the balancer");

            var running = http.PostAsync("/v1/chat/completions", Chat(80));
            await Eventually.WaitAsync(async () => await node.RunningAsync() == 1, "the request to hold a slot on the node");

            // Ctrl+C: up writes the stop line to each child; the node drains and the balancer keeps its running request.
            await ctrlC.CancelAsync();
            await AssertCompletedAsync(running, 80);
            Assert.Equal(0, await up.WaitAsync(TimeSpan.FromSeconds(60)));
            var text = Log();
            Assert.Contains($"[up] node-{nodePort} stopped (exit code 0)", text, StringComparison.Ordinal);
            Assert.Contains("[up] balancer stopped (exit code 0)", text, StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"synapse up failed; its log:\n{Log()}", exception);
        }
        finally
        {
            await ctrlC.CancelAsync();
            await up.WaitAsync(TimeSpan.FromSeconds(90)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Synapse.Bench.Http;
using Synapse.Bench.Reporting;
using Synapse.Node;

namespace Synapse.Bench.InProcess;

/// <summary>
/// Compare mode's HTTP half: runs a real node (the same code as <c>synapse node</c>) inside this process on a free
/// loopback port, serving the model with the engine settings the in-process half uses, benches it over HTTP, and
/// stops it so the in-process half has the machine to itself.
/// </summary>
public static class InProcessNode
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(10);

    public static async Task<RunReport> BenchAsync(BenchInvocation invocation, TextWriter log, CancellationToken cancellationToken)
    {
        var engine = EngineLoader.OptionsFor(invocation);
        if (!File.Exists(engine.ModelPath))
        {
            throw new BenchException($"model file '{engine.ModelPath}' does not exist");
        }

        var port = FreeLoopbackPort();
        var args = new List<string>
        {
            "--model", engine.ModelPath, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--parallel", engine.Parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ctx-size", engine.ContextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--threads", engine.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The node's request log would bury the bench's progress lines.
            "--Logging:LogLevel:Default", "Warning",
        };
        var baseUrl = new Uri($"http://127.0.0.1:{port}/v1");
        log.WriteLine($"starting an in-process node for {engine.ModelPath} on {baseUrl}…");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var node = Task.Run(() => NodeApplication.RunAsync([.. args], stop.Token), CancellationToken.None);
        try
        {
            await WaitUntilReadyAsync(baseUrl, node, cancellationToken).ConfigureAwait(false);
            var target = new HttpTarget(baseUrl, invocation.Endpoint, invocation.Model, invocation.ApiKey);
            var report = await HttpBench.RunAsync(target, invocation.Workload, log, cancellationToken).ConfigureAwait(false);
            return report with
            {
                Settings = report.Settings with { Mode = "http (in-process node)" },
                Info = new Dictionary<string, string> { ["node"] = $"{engine.ModelPath}, {engine.Parallel} slots" },
            };
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await node.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            log.WriteLine("in-process node stopped");
        }
    }

    private static async Task WaitUntilReadyAsync(Uri baseUrl, Task<int> node, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var ready = new Uri(baseUrl, "/health/ready");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyTimeout);
        while (true)
        {
            if (node.IsCompleted)
            {
                throw new BenchException($"the in-process node exited with code {await node.ConfigureAwait(false)} before it was ready");
            }

            try
            {
                using var response = await client.GetAsync(ready, deadline.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                throw new BenchException($"the in-process node was not ready within {ReadyTimeout.TotalMinutes:F0} minutes");
            }

            await Task.Delay(200, deadline.Token).ConfigureAwait(false);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Synapse.LoadBalancer;
using Synapse.Node;

namespace Synapse.Telemetry.Tests.Infrastructure;

/// <summary>
/// A real node (simulated engine, instant replies) and a real balancer in front of it, in-process on loopback, both
/// with OTLP export on (towards <see cref="OtlpReceiver"/>) and an in-memory copy of every span they record.
/// </summary>
public sealed class TracedFleet : IAsyncDisposable
{
    public const string Model = "sim-model";

    private TracedFleet(OtlpReceiver receiver, WebApplication node, WebApplication balancer, SpanCollection spans)
    {
        Receiver = receiver;
        Node = node;
        Balancer = balancer;
        Spans = spans;
        NodeUrl = UrlOf(node);
        BalancerUrl = UrlOf(balancer);
    }

    public OtlpReceiver Receiver { get; }
    public WebApplication Node { get; }
    public WebApplication Balancer { get; }
    public string NodeUrl { get; }
    public string BalancerUrl { get; }

    /// <summary>
    /// Spans of both programs. One process holds both, so each tracer sees the other's ASP.NET Core spans too:
    /// read them through <see cref="Distinct"/>.
    /// </summary>
    public SpanCollection Spans { get; }

    public static async Task<TracedFleet> StartAsync()
    {
        var receiver = await OtlpReceiver.StartAsync();
        var spans = new SpanCollection();
        var otel = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        void Capture(IServiceCollection services) => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));

        var node = NodeApplication.Build(
            ["--urls", "http://127.0.0.1:0", "--engine", "simulated", "--model", Model, "--sim-tokens-per-second", "0", "--responses-store", "false"],
            Capture, new Dictionary<string, string?>(otel));
        await node.StartAsync();

        var balancerEnvironment = new Dictionary<string, string?>(otel)
        {
            ["SYNAPSE_NODES"] = UrlOf(node),
            ["SYNAPSE_HEALTH_INTERVAL"] = "0.1",
        };
        var balancer = BalancerApplication.Build(["--urls", "http://127.0.0.1:0"], balancerEnvironment, Capture);
        await balancer.StartAsync();

        var fleet = new TracedFleet(receiver, node, balancer, spans);
        await fleet.WaitUntilReadyAsync();
        return fleet;
    }

    public static IReadOnlyList<System.Diagnostics.Activity> Distinct(IEnumerable<System.Diagnostics.Activity> spans) =>
        spans.DistinctBy(s => s.SpanId).ToList();

    /// <summary>Sends what both tracers hold to their exporters (the OTLP one batches).</summary>
    public void Flush()
    {
        Assert.True(Node.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(Balancer.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
    }

    /// <summary>The balancer is ready once its health check has seen the node ready.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BalancerUrl) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await http.GetAsync("/health/ready", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static string UrlOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public async ValueTask DisposeAsync()
    {
        await Balancer.StopAsync();
        await Balancer.DisposeAsync();
        await Node.StopAsync();
        await Node.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Synapse.Telemetry.Tests.Infrastructure;

namespace Synapse.Telemetry.Tests;

/// <summary>W3C trace context flows client → balancer → node, and the node's generation spans carry the GenAI attributes.</summary>
public sealed class TracePropagationTests
{
    private const string SecretPrompt = "the password is zebra-7741-okapi";

    [Fact]
    public async Task OneRequestThroughTheBalancerIsOneTraceWhoseNodeSpansCarryTheGenAiAttributes()
    {
        await using var fleet = await TracedFleet.StartAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var clientSpanId = ActivitySpanId.CreateRandom();

        // The client is another program: its traceparent must reach the balancer as sent, not be replaced by this
        // process's own HttpClient instrumentation (which the in-process tracers listen to).
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(fleet.BalancerUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(
                $$"""{"model":"{{TracedFleet.Model}}","max_tokens":5,"temperature":0.5,"top_p":0.9,"messages":[{"role":"user","content":"{{SecretPrompt}}"}]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{clientSpanId}-01");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(body);
        var choice = answer.RootElement.GetProperty("choices")[0];
        var output = choice.GetProperty("message").GetProperty("content").GetString()!;
        var finishReason = choice.GetProperty("finish_reason").GetString();
        var usage = answer.RootElement.GetProperty("usage");

        // The balancer's server span ends last, a moment after the client has its answer.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var spans = TracedFleet.Distinct(await fleet.Spans.WaitForAsync(
            all => all.Any(s => IsServer(s) && s.ParentSpanId == clientSpanId)
                   && all.Any(s => IsServer(s) && s.TraceId == traceId && s.ParentSpanId != clientSpanId),
            $"trace {traceId}, client span {clientSpanId}", timeout.Token));
        var trace = spans.Where(s => s.TraceId == traceId).ToList();

        // One trace: the client's span → the balancer's server span → … → the node's server span.
        var balancerServer = Assert.Single(trace, s => IsServer(s) && s.ParentSpanId == clientSpanId);
        var nodeServer = Assert.Single(trace, s => IsServer(s) && s.ParentSpanId != clientSpanId);
        var callToNode = Assert.Single(trace, s => s.SpanId == nodeServer.ParentSpanId);
        Assert.Equal(ActivityKind.Client, callToNode.Kind);
        Assert.Contains(balancerServer, Ancestors(callToNode, trace));

        // The node's generation span and its three phases.
        var generation = Assert.Single(trace, s => s.DisplayName == $"chat {TracedFleet.Model}");
        Assert.Equal(nodeServer.SpanId, generation.ParentSpanId);
        Assert.Equal("chat", generation.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("synapse", generation.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("synapse", generation.GetTagItem("gen_ai.system"));
        Assert.Equal(TracedFleet.Model, generation.GetTagItem("gen_ai.request.model"));
        Assert.Equal(TracedFleet.Model, generation.GetTagItem("gen_ai.response.model"));
        Assert.Equal(5, generation.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(0.5, (double)generation.GetTagItem("gen_ai.request.temperature")!, 3);
        Assert.Equal(0.9, (double)generation.GetTagItem("gen_ai.request.top_p")!, 3);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), generation.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), generation.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal([finishReason!], (string[])generation.GetTagItem("gen_ai.response.finish_reasons")!);
        foreach (var name in new[] { "queue_wait", "prefill", "decode" })
        {
            var phase = Assert.Single(trace, s => s.DisplayName == name);
            Assert.Equal(generation.SpanId, phase.ParentSpanId);
            Assert.Equal("chat", phase.GetTagItem("gen_ai.operation.name"));
            Assert.True(phase.StartTimeUtc >= generation.StartTimeUtc && phase.StartTimeUtc + phase.Duration <= generation.StartTimeUtc + generation.Duration,
                $"{name} lies within the generation span");
        }

        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), Assert.Single(trace, s => s.DisplayName == "prefill").GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), Assert.Single(trace, s => s.DisplayName == "decode").GetTagItem("gen_ai.usage.output_tokens"));

        // Prompts and outputs never go into telemetry.
        foreach (var span in spans)
        {
            Assert.DoesNotContain(SecretPrompt, span.DisplayName, StringComparison.Ordinal);
            foreach (var (key, value) in span.TagObjects)
            {
                var text = value is string[] array ? string.Join(" ", array) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Assert.DoesNotContain("zebra-7741", text, StringComparison.Ordinal);
                if (output.Trim().Length >= 8)
                {
                    Assert.DoesNotContain(output.Trim(), text, StringComparison.Ordinal);
                }
            }
        }

        // OTEL_EXPORTER_OTLP_ENDPOINT switched export on: the spans reached the collector as OTLP/HTTP protobuf.
        fleet.Flush();
        Assert.Contains(fleet.Receiver.Exports, e => e.Path == "/v1/traces" && e.ContentType == "application/x-protobuf" && e.Bytes > 0);
    }

    /// <summary>ASP.NET Core's span for a request a program received (YARP's forwarder span is a server span too).</summary>
    private static bool IsServer(Activity span) => span.Kind == ActivityKind.Server && span.Source.Name == "Microsoft.AspNetCore";

    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyList<Activity> trace)
    {
        var bySpanId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            yield return parent;
        }
    }
}

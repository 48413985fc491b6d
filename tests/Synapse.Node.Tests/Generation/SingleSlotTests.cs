using System.Net;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing.Metrics;

namespace Synapse.Node.Tests.Generation;

/// <summary>One slot and a queue of one, on the real engine: cancellation frees the slot; overflow answers 503.</summary>
public sealed class SingleSlotTests : IAsyncLifetime
{
    private NodeHost? _host;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private async Task<NodeHost> HostAsync() => _host ??= await NodeHost.StartAsync(TestModel.Path,
        ["--parallel", "1", "--queue", "1", "--ctx-size", "8192", "--threads", "2", "--keepalive-seconds", "0.05"]);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }


    private static string LongStream(string content) => Sse.Json(new
    {
        messages = new[] { new { role = "user", content } }, max_tokens = 8000, ignore_eos = true, stream = true,
    });

    /// <summary>Opens a stream and waits until its first content chunk, so its generation surely holds the slot.</summary>
    private static async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenRunningStreamAsync(NodeHost host, string content)
    {
        var response = await host.Http.SendAsync(Sse.Post("/v1/chat/completions", LongStream(content)), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return (response, reader);
            }
        }

        throw new InvalidOperationException("The stream ended before its first chunk.");
    }

    private static async Task<long> GeneratedTokensAsync(NodeHost host)
    {
        var metrics = PrometheusText.Parse(await host.Http.GetStringAsync("/metrics"));
        Assert.True(metrics.Has("synapse_generation_tokens_total"), "synapse_generation_tokens_total is exposed");
        return (long)metrics.Value("synapse_generation_tokens_total");
    }

    [Fact]
    public async Task CancelledStreamFreesItsSlotAtOnce()
    {
        var host = await HostAsync();
        var before = await GeneratedTokensAsync(host);
        var (response, reader) = await OpenRunningStreamAsync(host, "Tell me a very long story.");
        reader.Dispose();
        response.Dispose(); // the client goes away mid-stream

        // With one slot, this only completes if the cancelled generation gave its slot back.
        var (next, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 8, ignore_eos = true,
        }));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(8, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        // The cancelled one stopped early instead of running to its 8000 tokens.
        var generated = await GeneratedTokensAsync(host) - before;
        Assert.InRange(generated, 9, 7999);
    }

    [Fact]
    public async Task QueueOverflowAnswers503WithRetryAfter()
    {
        var host = await HostAsync();
        using var stop = new CancellationTokenSource();
        string Long(string content) => Sse.Json(new { messages = new[] { new { role = "user", content } }, max_tokens = 8000, ignore_eos = true });

        // One long request takes the slot, a second waits in the queue of one...
        var running = host.Http.SendAsync(Sse.Post("/v1/chat/completions", Long("First long story.")), stop.Token);
        await WaitForGaugesAsync(host, (1, 0));
        var waiting = host.Http.SendAsync(Sse.Post("/v1/chat/completions", Long("Second long story.")), stop.Token);
        await WaitForGaugesAsync(host, (1, 1));

        // ...so a third overflows.
        var (overflow, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Third" } }, max_tokens = 4,
        }));
        Assert.True(overflow.StatusCode == HttpStatusCode.ServiceUnavailable, $"{overflow.StatusCode}: {body}");
        Assert.NotNull(overflow.Headers.RetryAfter);
        Sse.AssertEnvelope(body, "server_overloaded", type: "server_error");

        // The first two clients give up; their generations are cancelled and the node serves again.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await WaitForGaugesAsync(host, (0, 0));
        var (after, _) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 2,
        }));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task WaitForGaugesAsync(NodeHost host, (long Running, long Waiting) expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = (-1L, -1L);
        while (!timeout.IsCancellationRequested)
        {
            seen = await GaugesAsync(host);
            if (seen == expected)
            {
                return;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        Assert.Fail($"the engine never reported {expected} (running, waiting); last {seen}");
    }

    private static async Task<(long Running, long Waiting)> GaugesAsync(NodeHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var metrics = PrometheusText.Parse(await host.Http.GetStringAsync("/metrics", timeout.Token));
        long Read(string name) => (long)metrics.Value(name);
        return (Read("synapse_num_requests_running"), Read("synapse_num_requests_waiting"));
    }

    private static async Task DrainAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is not null)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            reader.Dispose();
        }
    }
}

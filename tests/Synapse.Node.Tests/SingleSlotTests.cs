using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Synapse.Node.Tests.Infrastructure;

namespace Synapse.Node.Tests;

/// <summary>One slot and a queue of one, on the real engine: cancellation frees the slot; overflow answers 503.</summary>
public sealed class SingleSlotTests : IAsyncLifetime
{
    private NodeHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task<NodeHost> HostAsync() => _host ??= await NodeHost.StartAsync(TestModel.Path,
        ["--parallel", "1", "--queue", "1", "--ctx-size", "4096", "--threads", "2", "--keepalive-seconds", "0.05"]);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static void Log(string m) => File.AppendAllText("/tmp/single-debug.log", $"{DateTime.UtcNow:HH:mm:ss.fff} {m}\n");

    private static string LongStream(string content) => Sse.Json(new
    {
        messages = new[] { new { role = "user", content } }, max_tokens = 4000, ignore_eos = true, stream = true,
    });

    /// <summary>Opens a stream and waits until its first content chunk, so its generation surely holds the slot.</summary>
    private static async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenRunningStreamAsync(NodeHost host, string content)
    {
        var response = await host.Http.SendAsync(Sse.Post("/v1/chat/completions", LongStream(content)), HttpCompletionOption.ResponseHeadersRead);
        Log("after: var response = await host.Http.SendAsync(Sse.Post(/v1/chat/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Log("after: var reader = new StreamReader(await response.Content.ReadAsS");
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
        var text = await host.Http.GetStringAsync("/metrics");
        Log("after: var text = await host.Http.GetStringAsync(/metrics);");
        var match = Regex.Match(text, @"^synapse_generation_tokens_total (\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, "synapse_generation_tokens_total is exposed");
        return (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [SkippableFact]
    public async Task CancelledStreamFreesItsSlotAtOnce()
    {
        var host = await HostAsync();
        Log("after: var host = await HostAsync();");
        var before = await GeneratedTokensAsync(host);
        Log("after: var before = await GeneratedTokensAsync(host);");
        var (response, reader) = await OpenRunningStreamAsync(host, "Tell me a very long story.");
        Log("after: var (response, reader) = await OpenRunningStreamAsync(host, ");
        reader.Dispose();
        response.Dispose(); // the client goes away mid-stream
        Log("after: response.Dispose(); // the client goes away mid-stream");

        // With one slot, this only completes if the cancelled generation gave its slot back.
        var (next, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 8, ignore_eos = true,
        }));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(8, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        // The cancelled one stopped early instead of running to its 4000 tokens.
        var generated = await GeneratedTokensAsync(host) - before;
        Log("after: var generated = await GeneratedTokensAsync(host) - before;");
        Assert.InRange(generated, 9, 3999);
    }

    [SkippableFact]
    public async Task QueueOverflowAnswers503WithRetryAfter()
    {
        var host = await HostAsync();
        Log("after: var host = await HostAsync();");
        var (runningResponse, runningReader) = await OpenRunningStreamAsync(host, "First long story.");
        Log("after: var (runningResponse, runningReader) = await OpenRunningStre");

        // The second waits in the queue (it gets headers and keep-alives, no chunk yet).
        using var waiting = await host.Http.SendAsync(Sse.Post("/v1/chat/completions", LongStream("Second long story.")), HttpCompletionOption.ResponseHeadersRead);
        Log("after: using var waiting = await host.Http.SendAsync(Sse.Post(/v1/");
        Assert.True(waiting.StatusCode == HttpStatusCode.OK, $"{waiting.StatusCode}: {await waiting.Content.ReadAsStringAsync()} {await host.Http.GetStringAsync("/metrics")}");

        // Its headers come only after the engine accepted it, so now the slot and the queue of one are both taken.
        var (overflow, body) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Third" } }, max_tokens = 4,
        }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
        Assert.NotNull(overflow.Headers.RetryAfter);
        Sse.AssertEnvelope(body, "server_overloaded", type: "server_error");

        runningReader.Dispose();
        runningResponse.Dispose();
        waiting.Dispose();
        Log("after: waiting.Dispose();");

        // Both slots' worth of work is cancelled; the node serves again.
        var (after, _) = await Sse.PostJsonAsync(host.Http, "/v1/chat/completions", Sse.Json(new
        {
            messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 2,
        }));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}

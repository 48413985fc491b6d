using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>Where requests go: round-robin, least requests, unknown models, keys, and a fleet with no node left.</summary>
[Collection(SimulatedFleetCollection.Name)]
public sealed class RoutingTests(SimulatedFleetFixture fixture)
{
    private Fleet Fleet => fixture.Fleet;

    private static readonly ChatMessage[] Hello = [new UserChatMessage("Hello")];

    internal static string NodeOf(ClientResult result) =>
        result.GetRawResponse().Headers.TryGetValue("X-Synapse-Node", out var node) ? node! : throw new InvalidOperationException("No X-Synapse-Node header.");

    [Fact]
    public async Task RoundRobinSpreadsThirtyRequestsTenTenTen()
    {
        var chat = Fleet.Balancer.Chat(SimulatedFleetFixture.Model);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 30; i++)
        {
            var result = await chat.CompleteChatAsync(Hello, new ChatCompletionOptions { MaxOutputTokenCount = 2 });
            Assert.Equal("Synapse simulated", result.Value.Content[0].Text);
            var node = NodeOf(result);
            counts[node] = counts.GetValueOrDefault(node) + 1;
        }

        Assert.Equal(Fleet.Nodes.Select(n => n.Id).Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(10, count));
    }

    [Fact]
    public async Task LeastRequestsSendsNewWorkToTheIdleNode()
    {
        await using var leastRequests = await BalancerProcess.StartAsync(Fleet.Nodes.Select(n => n.Url), "--policy", "least_requests");
        foreach (var node in Fleet.Nodes)
        {
            await leastRequests.WaitForHealthAsync(node.Id, "healthy");
        }

        // Two long streams occupy two nodes (one each: each goes to a node with nothing in flight).
        using var cancel = new CancellationTokenSource();
        using var first = await leastRequests.PostChatAsync(LongStream, cancel.Token);
        using var second = await leastRequests.PostChatAsync(LongStream, cancel.Token);
        var busy = new[] { first, second }.Select(r => r.Headers.GetValues("X-Synapse-Node").Single()).ToList();
        Assert.Equal(2, busy.Distinct().Count());
        var idle = Assert.Single(Fleet.Nodes, n => !busy.Contains(n.Id)).Id;

        var chat = leastRequests.Chat(SimulatedFleetFixture.Model);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(idle, NodeOf(await chat.CompleteChatAsync(Hello, new ChatCompletionOptions { MaxOutputTokenCount = 2 })));
        }

        await cancel.CancelAsync();
    }

    [Fact]
    public async Task AnUnknownModelGets404FromTheBalancer()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Fleet.Balancer.Chat("no-such-model").CompleteChatAsync(Hello, new ChatCompletionOptions { MaxOutputTokenCount = 2 }));
        Assert.Equal(404, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        Assert.Equal("model_not_found", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task BadAndMissingApiKeysGet401()
    {
        var wrong = await Assert.ThrowsAsync<ClientResultException>(() =>
            Fleet.Balancer.Chat(SimulatedFleetFixture.Model, apiKey: "wrong-key").CompleteChatAsync(Hello));
        Assert.Equal(401, wrong.Status);

        using var missing = await Fleet.Balancer.PostChatAsync(Json(2, stream: false), apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        using var body = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task WithEveryNodeDownTheAnswerIs503WithinASecond()
    {
        // A balancer whose nodes are all gone (nothing listens on their ports).
        await using var orphan = await BalancerProcess.StartAsync([$"http://127.0.0.1:{Ports.Free()}", $"http://127.0.0.1:{Ports.Free()}"]);
        using (await orphan.PostChatAsync(Json(2, stream: false)))
        {
            // The first request also warms up the balancer's code paths (JIT), which is not what is measured.
        }

        var clock = Stopwatch.StartNew();
        using var response = await orphan.PostChatAsync(Json(2, stream: false));
        var elapsed = clock.Elapsed;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("error").TryGetProperty("message", out _));
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"503 took {elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>A stream that runs for a minute unless cancelled (50 tokens/s).</summary>
    internal static string LongStream => Json(3000, stream: true);

    internal static string Json(int maxTokens, bool stream) =>
        $$"""{"model":"{{SimulatedFleetFixture.Model}}","messages":[{"role":"user","content":"Hello"}],"max_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}}}""";
}

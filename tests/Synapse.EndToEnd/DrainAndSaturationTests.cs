using OpenAI.Chat;
using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>A busy node is not a sick node; a drained node takes no new work but finishes what it has.</summary>
[Collection(SimulatedFleetCollection.Name)]
public sealed class DrainAndSaturationTests(SimulatedFleetFixture fixture)
{
    private Fleet Fleet => fixture.Fleet;

    [Fact]
    public async Task ANodeSaturatedWithLongRequestsStaysInThePool()
    {
        var node = Fleet.Nodes[1];
        using var cancel = new CancellationTokenSource();
        // Every slot busy plus a queue, sent to the node directly so the balancer sees only its health checks.
        var saturating = Enumerable.Range(0, 8).Select(_ => node.Http.PostAsync("/v1/chat/completions",
            new StringContent(RoutingTests.Json(3000, stream: false), System.Text.Encoding.UTF8, "application/json"), cancel.Token)).ToList();
        await Eventually.WaitAsync(async () => await node.RunningAsync() == 4, "all four slots to be busy");

        // Several check intervals pass while the node is full.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(BalancerProcess.HealthInterval);
            Assert.Equal("healthy", await Fleet.Balancer.HealthOfAsync(node.Id));
        }

        await cancel.CancelAsync();
        await Task.WhenAll(saturating.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await Eventually.WaitAsync(async () => await node.RunningAsync() == 0, "the cancelled requests to leave the node");
    }

    [Fact]
    public async Task ADrainedNodeGetsNoNewRequestsWhileItsRunningOnesComplete()
    {
        var chat = Fleet.Balancer.Chat(SimulatedFleetFixture.Model);
        // A stream of 60 tokens (about 1.2 s) is running on some node when that node is drained.
        using var running = await Fleet.Balancer.PostChatAsync(RoutingTests.Json(60, stream: true));
        var drainedId = running.Headers.GetValues("X-Synapse-Node").Single();
        using var sse = new Sse(running);
        Assert.NotNull(await sse.NextContentAsync());
        await Fleet.Balancer.AdminPostAsync($"/admin/nodes/{drainedId}/drain");
        try
        {
            Assert.Equal("draining", await Fleet.Balancer.HealthOfAsync(drainedId));
            for (var i = 0; i < 9; i++)
            {
                var result = await chat.CompleteChatAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
                Assert.NotEqual(drainedId, RoutingTests.NodeOf(result));
            }

            // The running stream finishes normally on the drained node.
            var payloads = new List<string>();
            while (await sse.NextDataAsync() is { } data)
            {
                payloads.Add(data);
            }

            Assert.Equal("[DONE]", payloads[^1]);
            Assert.Contains(payloads, p => p.Contains("\"finish_reason\":\"length\"", StringComparison.Ordinal));
            Assert.DoesNotContain(payloads, p => p.StartsWith("{\"error\"", StringComparison.Ordinal));
        }
        finally
        {
            await Fleet.Balancer.AdminPostAsync($"/admin/nodes/{drainedId}/resume");
            await Fleet.Balancer.WaitForHealthAsync(drainedId, "healthy");
        }
    }
}

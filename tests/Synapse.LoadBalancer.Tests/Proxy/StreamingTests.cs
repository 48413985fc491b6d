using System.Net;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Proxy;

public sealed class StreamingTests
{
    private const string StreamBody = """{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task TheFirstChunkReachesTheClientWhileTheNodeIsStillSending()
    {
        await using var node = await FakeNode.StartAsync("a");
        // The node sends its first chunk, then waits until the test has seen that chunk: buffering would deadlock.
        node.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var balancer = await BalancerHost.StartAsync([node]);

        using var response = await balancer.PostChatAsync(StreamBody);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(balancer.IdOf(node), BalancerHost.NodeOf(response));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("t0", first, StringComparison.Ordinal);
        Assert.False(node.StreamGate.Task.IsCompleted);

        node.StreamGate.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("t2", rest, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatGoesAwayCancelsTheNodesRequest()
    {
        await using var node = await FakeNode.StartAsync("a");
        node.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var balancer = await BalancerHost.StartAsync([node]);

        var response = await balancer.PostChatAsync(StreamBody);
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Contains("t0", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
        }

        response.Dispose();
        await node.ClientGone.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var pooled = balancer.Pool.FindByUrl(new Uri(node.Url))!;
        while (pooled.InFlight != 0)
        {
            await Task.Delay(20, cts.Token);
        }

        // The client left; the node did nothing wrong.
        Assert.Equal(0, pooled.Errors);
        Assert.Equal("healthy", pooled.HealthName);
    }

    [Fact]
    public async Task TheOpenAIClientStreamsThroughTheBalancer()
    {
        await using var node = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([node]);

        var text = "";
        await foreach (var update in balancer.Chat().CompleteChatStreamingAsync("hi"))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
        }

        Assert.Equal("t0 t1 t2 ", text);
    }

    [Fact]
    public async Task TheNodeHeaderCanBeSwitchedOff()
    {
        await using var node = await FakeNode.StartAsync("a");
        await using var balancer = await BalancerHost.StartAsync([node], new Dictionary<string, string?> { ["SYNAPSE_NODE_HEADER"] = "false" });

        using var response = await balancer.PostChatAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(BalancerHost.NodeOf(response));
    }
}

using Synapse.EndToEnd.Infrastructure;

namespace Synapse.EndToEnd;

/// <summary>Streams pass through unbuffered, and a client that leaves frees the node's slot.</summary>
[Collection(SimulatedFleetCollection.Name)]
public sealed class StreamingTests(SimulatedFleetFixture fixture)
{
    private Fleet Fleet => fixture.Fleet;

    [Fact]
    public async Task TheFirstTokenReachesTheClientWhileTheNodeIsStillGenerating()
    {
        // 100 tokens at 50 tokens/s: two seconds of generation after the first token.
        using var response = await Fleet.Balancer.PostChatAsync(RoutingTests.Json(100, stream: true));
        var node = Fleet.Nodes.Single(n => n.Id == response.Headers.GetValues("X-Synapse-Node").Single());
        using var sse = new Sse(response);
        var first = await sse.NextContentAsync();

        Assert.NotNull(first);
        Assert.Contains("Synapse", first, StringComparison.Ordinal);
        Assert.Equal(1, await node.RunningAsync());
        while (await sse.NextDataAsync() is not null)
        {
        }

        Assert.Equal(0, await node.RunningAsync());
    }

    [Fact]
    public async Task AClientThatDisconnectsFreesTheNodesSlot()
    {
        var response = await Fleet.Balancer.PostChatAsync(RoutingTests.LongStream);
        var node = Fleet.Nodes.Single(n => n.Id == response.Headers.GetValues("X-Synapse-Node").Single());
        using (var sse = new Sse(response))
        {
            Assert.NotNull(await sse.NextContentAsync());
            Assert.Equal(1, await node.RunningAsync());
        }

        // The generation had a minute to go: only the disconnect can have freed the slot.
        await Eventually.WaitAsync(async () => await node.RunningAsync() == 0, "the node's slot to be freed");
    }
}

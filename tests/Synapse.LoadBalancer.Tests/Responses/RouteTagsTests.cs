using Synapse.LoadBalancer.Responses;
using Synapse.OpenAI.Responses;

namespace Synapse.LoadBalancer.Tests.Responses;

public sealed class RouteTagsTests
{
    [Fact]
    public void ATagIsAValidShortStableHashOfTheNodeId()
    {
        string[] ids = ["127.0.0.1:8000", "127.0.0.1:8001", "node-a", "10.0.0.7:8000", "gpu-box.internal:443", "x"];
        var tags = ids.Select(RouteTags.For).ToList();
        Assert.All(tags, tag =>
        {
            Assert.Equal(RouteTags.Length, tag.Length);
            Assert.True(ResponseIds.IsValidRouteTag(tag), tag);
        });
        Assert.Equal(ids.Length, tags.Distinct(StringComparer.Ordinal).Count());
        // The same id, in any case, gives the same tag: in another process, after a restart, in another balancer.
        Assert.Equal(tags, ids.Select(RouteTags.For));
        Assert.Equal(RouteTags.For("node-a"), RouteTags.For("NODE-A"));
        // Pinned values (base32 of SHA-256, as Python's base64.b32encode gives them): a change of the hash would
        // strand every id made before it.
        Assert.Equal("ap3npoqjwbjr", RouteTags.For("127.0.0.1:8000"));
        Assert.Equal("mzlq74c2eb2a", RouteTags.For("node-a"));

        var id = ResponseIds.New(tags[0]);
        Assert.True(ResponseIds.TryGetRouteTag(id, out var back));
        Assert.Equal(tags[0], back);
    }

    [Fact]
    public void ThousandsOfNodesGetDistinctTags()
    {
        var tags = Enumerable.Range(0, 20_000).Select(i => RouteTags.For($"10.{i / 250}.{i % 250}.1:8000")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(20_000, tags.Count);
    }
}

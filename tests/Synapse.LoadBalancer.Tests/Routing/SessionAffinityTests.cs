using Synapse.LoadBalancer.Routing;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Tests.Routing;

public sealed class SessionAffinityTests
{
    private static DestinationState[] Nodes(params string[] ids) => ids.Select(id => new DestinationState(id)).ToArray();

    [Fact]
    public void ASessionAlwaysGetsTheSameNodeWhateverTheOrder()
    {
        var nodes = Nodes("a", "b", "c");
        var reversed = nodes.Reverse().ToArray();
        for (var i = 0; i < 100; i++)
        {
            var key = $"session-{i}";
            Assert.Same(SessionAffinity.Pick(nodes, key), SessionAffinity.Pick(reversed, key));
        }
    }

    [Fact]
    public void SessionsSpreadOverTheNodes()
    {
        var nodes = Nodes("a", "b", "c");
        var counts = Enumerable.Range(0, 3000).GroupBy(i => SessionAffinity.Pick(nodes, $"user-{i}").DestinationId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 800, 1200));
    }

    [Fact]
    public void ANodeLeavingMovesOnlyItsOwnSessionsAndTheyComeBack()
    {
        var all = Nodes("a", "b", "c");
        var withoutB = all.Where(n => n.DestinationId != "b").ToArray();
        for (var i = 0; i < 300; i++)
        {
            var key = $"s{i}";
            var home = SessionAffinity.Pick(all, key);
            var moved = SessionAffinity.Pick(withoutB, key);
            if (home.DestinationId != "b")
            {
                Assert.Same(home, moved);
            }

            Assert.Same(home, SessionAffinity.Pick(all, key));
        }
    }
}

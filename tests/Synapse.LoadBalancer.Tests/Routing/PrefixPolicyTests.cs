using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Routing;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Tests.Routing;

/// <summary>The prefix policy's decisions, on YARP's destination states and the request feature the failover step sets.</summary>
public sealed class PrefixPolicyTests
{
    private static readonly PrefixPolicyOptions Defaults = new();

    [Fact]
    public void TheLongestMatchAboveTheThresholdWins()
    {
        PrefixCandidate[] nodes = [new(0, 10, 500), new(0, 80, 500), new(0, 40, 500)];
        Assert.Equal(1, PrefixPolicy.Choose(nodes, 100, Defaults, rotation: 0));
        Assert.Equal(1, PrefixPolicy.Choose(nodes, 100, Defaults, rotation: 2));
    }

    [Fact]
    public void BelowTheThresholdTheLeastLoadedThenTheSmallestTreeWins()
    {
        PrefixCandidate[] nodes = [new(1, 40, 100), new(0, 10, 900), new(0, 0, 300)];
        Assert.Equal(2, PrefixPolicy.Choose(nodes, 100, Defaults, rotation: 0));
    }

    [Fact]
    public void TheThresholdIsAShareOfTheRequest()
    {
        PrefixCandidate[] nodes = [new(0, 50, 100), new(0, 0, 0)];
        Assert.Equal(0, PrefixPolicy.Choose(nodes, 100, Defaults, rotation: 0));
        Assert.Equal(1, PrefixPolicy.Choose(nodes, 101, Defaults, rotation: 0));
        Assert.Equal(0, PrefixPolicy.Choose(nodes, 101, new PrefixPolicyOptions { MatchThreshold = 0.4 }, rotation: 0));
    }

    [Fact]
    public void ALoadGapOverBothLimitsSendsTheRequestToTheLeastLoaded()
    {
        // The matching node has 10 in flight, the other 1: 9 over, and 10 times as many.
        PrefixCandidate[] nodes = [new(10, 100, 500), new(1, 0, 500)];
        Assert.Equal(1, PrefixPolicy.Choose(nodes, 100, Defaults, rotation: 0));
    }

    [Fact]
    public void AGapOverOnlyOneLimitLeavesThePrefixToDecide()
    {
        // Over the absolute limit (9 > 2) but under the relative one (100 < 1.5 × 91).
        PrefixCandidate[] relativelyEven = [new(100, 100, 500), new(91, 0, 500)];
        Assert.Equal(0, PrefixPolicy.Choose(relativelyEven, 100, Defaults, rotation: 0));

        // Over the relative limit (2 > 1.5 × 0) but not the absolute one (a gap of 2).
        PrefixCandidate[] absolutelyClose = [new(2, 100, 500), new(0, 0, 500)];
        Assert.Equal(0, PrefixPolicy.Choose(absolutelyClose, 100, Defaults, rotation: 0));
    }

    [Fact]
    public void UnderLoadTheLeastLoadedNodeHoldingMostOfTheRequestWins()
    {
        PrefixCandidate[] nodes = [new(20, 100, 500), new(2, 10, 500), new(2, 60, 500)];
        Assert.Equal(2, PrefixPolicy.Choose(nodes, 100, Defaults, rotation: 0));
    }

    [Fact]
    public void EqualNodesTakeTurns()
    {
        PrefixCandidate[] nodes = [new(0, 0, 0), new(0, 0, 0), new(0, 0, 0)];
        Assert.Equal([0, 1, 2, 0], Enumerable.Range(0, 4).Select(r => PrefixPolicy.Choose(nodes, 100, Defaults, r)));
        Assert.Equal([0, 1, 2], Enumerable.Range(0, 3).Select(r => PrefixPolicy.Choose(nodes, 0, Defaults, r)));
    }

    [Fact]
    public void EachConversationStaysOnItsFirstNodeWhileLoadIsEven()
    {
        var (policy, destinations) = Policy("a", "b", "c");
        var first = new Dictionary<int, string>();
        for (var turn = 1; turn <= 5; turn++)
        {
            for (var conversation = 0; conversation < 6; conversation++)
            {
                var node = Route(policy, Conversation(conversation, turn), destinations).DestinationId;
                if (turn == 1)
                {
                    first[conversation] = node;
                }
                else
                {
                    Assert.Equal(first[conversation], node);
                }
            }
        }

        // The first turns spread evenly: two conversations per node.
        Assert.All(first.Values.GroupBy(n => n), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void AConversationWhoseNodeIsGoneMovesAndThenStaysOnItsNewNode()
    {
        var (policy, destinations) = Policy("a", "b", "c");
        var home = Route(policy, Conversation(0, 1), destinations);
        var others = destinations.Where(d => d != home).ToList();

        // The failover step hands the policy only the nodes that may take the request.
        var moved = Route(policy, Conversation(0, 2), others);
        Assert.NotSame(home, moved);
        for (var turn = 3; turn <= 5; turn++)
        {
            Assert.Same(moved, Route(policy, Conversation(0, turn), destinations));
        }
    }

    [Fact]
    public void ABusyHomeNodeLosesTheConversationOnlyPastBothLimits()
    {
        var (policy, destinations) = Policy("a", "b");
        var home = Route(policy, Conversation(0, 1), destinations);
        var other = destinations.Single(d => d != home);

        home.ConcurrentRequestCount = PrefixPolicyOptions.DefaultBalanceAbsolute;
        Assert.Same(home, Route(policy, Conversation(0, 2), destinations));
        home.ConcurrentRequestCount = PrefixPolicyOptions.DefaultBalanceAbsolute + 1;
        Assert.Same(other, Route(policy, Conversation(0, 3), destinations));
    }

    [Fact]
    public void ARequestWithoutTextGoesToTheLeastLoaded()
    {
        var (policy, destinations) = Policy("a", "b");
        destinations[0].ConcurrentRequestCount = 1;
        var context = new DefaultHttpContext();
        Assert.Same(destinations[1], policy.PickDestination(context, null!, destinations));
        Assert.Null(policy.PickDestination(context, null!, []));
    }

    [Fact]
    public void ANodeLeavingThePoolTakesItsTreeWithIt()
    {
        var pool = new NodePool(NullLogger<NodePool>.Instance);
        var (a, _) = pool.Add("a", new Uri("http://127.0.0.1:9001"), NodeSource.Config);
        var (b, _) = pool.Add("b", new Uri("http://127.0.0.1:9002"), NodeSource.Config);
        var policy = new PrefixPolicy(pool, new BalancerOptions(), new FakeTimeProvider());
        DestinationState[] destinations = [new(a.Id), new(b.Id)];
        var home = Route(policy, Conversation(0, 1), destinations);
        Assert.True(policy.TreeOf(home.DestinationId).Characters > 0);

        pool.Remove(home.DestinationId, "test");

        Assert.Equal(0, policy.TreeOf(home.DestinationId).Characters);
    }

    private static (PrefixPolicy Policy, DestinationState[] Destinations) Policy(params string[] ids)
    {
        var pool = new NodePool(NullLogger<NodePool>.Instance);
        var destinations = ids.Select((id, i) => new DestinationState(pool.Add(id, new Uri($"http://127.0.0.1:{9001 + i}"), NodeSource.Config).Node.Id)).ToArray();
        return (new PrefixPolicy(pool, new BalancerOptions(), new FakeTimeProvider()), destinations);
    }

    /// <summary>What the balancer does with a request the chosen node answers: the policy picks, the node's tree learns.</summary>
    private static DestinationState Route(PrefixPolicy policy, string body, IReadOnlyList<DestinationState> destinations)
    {
        var context = Context(body);
        var chosen = policy.PickDestination(context, null!, destinations)!;
        policy.Served(chosen.DestinationId, context.Features.Get<RoutingRequest>()!.Text);
        return chosen;
    }

    [Fact]
    public void OnlyTheNodeThatAnsweredLearnsTheRequest()
    {
        var (policy, destinations) = Policy("a", "b");
        var text = RoutingRequest.Read(System.Text.Encoding.UTF8.GetBytes(Conversation(0, 1)), null, withText: true, withSession: false).Text!;

        // Picked but not (yet) answered: a refused connection, a 503, a request still being read.
        var picked = policy.PickDestination(Context(Conversation(0, 1)), null!, destinations)!;
        Assert.All(destinations, d => Assert.Equal(0, policy.TreeOf(d.DestinationId).Characters));

        var other = destinations.Single(d => d != picked);
        policy.Served(other.DestinationId, text);
        Assert.Equal(text.Length, policy.TreeOf(other.DestinationId).Match(text));
        Assert.Equal(0, policy.TreeOf(picked.DestinationId).Match(text));

        // A node the pool no longer has gets no tree back.
        policy.Served("gone", text);
        Assert.Equal(0, policy.TreeOf("gone").Characters);
    }

    [Fact]
    public void MatchesCountWholeMessages()
    {
        var text = RoutingRequest.Read(System.Text.Encoding.UTF8.GetBytes(Conversation(0, 2)), null, withText: true, withSession: false).Text!;
        var firstMessageEnd = text.IndexOf(RoutingRequest.MessageEnd, StringComparison.Ordinal) + 1;
        Assert.Equal(firstMessageEnd, PrefixPolicy.WholeMessages(text, firstMessageEnd + 5));
        Assert.Equal(0, PrefixPolicy.WholeMessages(text, firstMessageEnd - 1));
        Assert.Equal(text.Length, PrefixPolicy.WholeMessages(text, text.Length));
        // A completion's prompt has no messages: every character counts.
        Assert.Equal(7, PrefixPolicy.WholeMessages("m\0prompt text", 7));
    }

    [Fact]
    public void NewConversationsSharingOnlyTheSystemPromptSpreadByLoad()
    {
        var (policy, destinations) = Policy("a", "b", "c");
        // Twelve first turns arrive together: each stays in flight, so the load the policy sees grows.
        foreach (var conversation in Enumerable.Range(0, 12))
        {
            var chosen = policy.PickDestination(Context(Conversation(conversation, 1)), null!, destinations)!;
            chosen.ConcurrentRequestCount++;
        }

        Assert.All(destinations, d => Assert.Equal(4, d.ConcurrentRequestCount));
    }

    private static DefaultHttpContext Context(string body)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(RoutingRequest.Read(System.Text.Encoding.UTF8.GetBytes(body), null, withText: true, withSession: false));
        return context;
    }

    /// <summary>A conversation's request at <paramref name="turns"/>: a shared system prompt, then its own messages.</summary>
    internal static string Conversation(int conversation, int turns)
    {
        var messages = new List<string> { """{"role":"system","content":"You are a helpful assistant. Answer briefly."}""" };
        for (var turn = 1; turn <= turns; turn++)
        {
            messages.Add($$"""{"role":"user","content":"Conversation {{conversation}}, question {{turn}}: tell me something about the number {{conversation * 100 + turn}} please."}""");
            if (turn < turns)
            {
                messages.Add($$"""{"role":"assistant","content":"Answer {{turn}} of conversation {{conversation}}: it is a fine number."}""");
            }
        }

        return $$"""{"model":"fake-model","messages":[{{string.Join(",", messages)}}],"max_tokens":16}""";
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Routing;

/// <summary>
/// Cache-aware routing, as SGLang's router does it: each node has a <see cref="PrefixTree"/> of the requests it was
/// sent. While load is even, a request goes to the node whose tree holds the longest part of its text (in whole
/// messages; ties go to the less loaded node, then the smaller tree), when that part reaches <see cref="PrefixPolicyOptions.MatchThreshold"/>; else to the least loaded node (the smallest tree
/// on a tie, the one with most room in its cache). When the busiest node has more than
/// <see cref="PrefixPolicyOptions.BalanceAbsolute"/> requests in flight over the least busy one and more than
/// <see cref="PrefixPolicyOptions.BalanceRelative"/> times as many, the least loaded node takes it whatever its
/// tree holds. YARP hands it only the nodes the balancer's failover step left (healthy, not drained, serving the
/// model, not tried yet), so drain, model routing and failover hold as for YARP's own policies.
/// A node's tree takes a request's text when that node answers it (<see cref="Served"/>, from the response
/// transform), not when the policy picks it: YARP skips the policy when one node is left (the others drained, down
/// or tried already, or session affinity chose), and a picked node may refuse the request and another serve it
/// after failover; either way the tree must say where the prompt went, or the conversation's next turn follows a
/// node that never read it.
/// </summary>
public sealed class PrefixPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "SynapsePrefix";

    private readonly NodePool _pool;
    private readonly PrefixPolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PrefixTree> _trees = new(StringComparer.Ordinal);
    private int _rotation;

    public PrefixPolicy(NodePool pool, BalancerOptions options, TimeProvider time)
    {
        _pool = pool;
        _options = options.Prefix;
        _time = time;
        pool.Changed += ForgetRemoved;
    }

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count == 0)
        {
            return null;
        }

        var text = context.Features.Get<RoutingRequest>()?.Text;
        var candidates = new PrefixCandidate[availableDestinations.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            var destination = availableDestinations[i];
            var tree = TreeOf(destination.DestinationId);
            candidates[i] = new PrefixCandidate(destination.ConcurrentRequestCount, text is null ? 0 : WholeMessages(text, tree.Match(text)), tree.Characters);
        }

        return availableDestinations[Choose(candidates, text?.Length ?? 0, _options, Interlocked.Increment(ref _rotation))];
    }

    /// <summary>
    /// Node <paramref name="nodeId"/> answered a request (a success status): its tree takes the request's
    /// <paramref name="text"/>, since the node's cache now holds that prompt. No text (another policy, a request
    /// without one): nothing to learn.
    /// </summary>
    public void Served(string nodeId, string? text)
    {
        if (text is not null && _pool.Find(nodeId) is not null)
        {
            TreeOf(nodeId).Insert(text);
        }
    }

    /// <summary>The node's tree (for the admin view and tests).</summary>
    public PrefixTree TreeOf(string nodeId) =>
        _trees.GetOrAdd(nodeId, static (_, policy) => new PrefixTree(policy._options.TreeCharacters, policy._options.EntryLifetime, policy._time), this);

    /// <summary>
    /// The index of the node to take a request of <paramref name="textLength"/> characters. Ties go to the first
    /// from <paramref name="rotation"/> on (modulo the count), so equal nodes take turns.
    /// </summary>
    public static int Choose(IReadOnlyList<PrefixCandidate> candidates, int textLength, PrefixPolicyOptions options, int rotation)
    {
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Count);
        var minLoad = candidates.Min(c => c.Load);
        var maxLoad = candidates.Max(c => c.Load);
        var imbalanced = maxLoad - minLoad > options.BalanceAbsolute && maxLoad > minLoad * options.BalanceRelative;
        if (!imbalanced && textLength > 0)
        {
            var best = Best(candidates, rotation, (a, b) => a.Matched != b.Matched ? a.Matched > b.Matched
                : a.Load != b.Load ? a.Load < b.Load : a.TreeCharacters < b.TreeCharacters);
            var matched = candidates[best].Matched;
            if (matched > 0 && matched >= options.MatchThreshold * textLength)
            {
                return best;
            }

            return Best(candidates, rotation, (a, b) => a.Load != b.Load ? a.Load < b.Load : a.TreeCharacters < b.TreeCharacters);
        }

        // Load decides; among the least loaded, the one holding most of the request still saves a prefill.
        return Best(candidates, rotation, (a, b) => a.Load != b.Load ? a.Load < b.Load
            : a.Matched != b.Matched ? a.Matched > b.Matched : a.TreeCharacters < b.TreeCharacters);
    }

    /// <summary>
    /// A match cut back to the last whole message when the text has messages (see <see cref="RoutingRequest"/>):
    /// the first letters two different user messages happen to share are no reason to prefer a node, so nodes
    /// holding the same whole messages (the shared system prompt) tie, and load decides between them.
    /// </summary>
    public static int WholeMessages(string text, int matched)
    {
        if (matched >= text.Length)
        {
            return matched;
        }

        var end = text.AsSpan(0, matched).LastIndexOf(RoutingRequest.MessageEnd);
        return end >= 0 ? end + 1 : text.Contains(RoutingRequest.MessageEnd, StringComparison.Ordinal) ? 0 : matched;
    }

    /// <summary>The first candidate from <paramref name="rotation"/> on that no other is <paramref name="better"/> than.</summary>
    private static int Best(IReadOnlyList<PrefixCandidate> candidates, int rotation, Func<PrefixCandidate, PrefixCandidate, bool> better)
    {
        var count = candidates.Count;
        var start = (int)((uint)rotation % (uint)count);
        var best = start;
        for (var step = 1; step < count; step++)
        {
            var index = (start + step) % count;
            if (better(candidates[index], candidates[best]))
            {
                best = index;
            }
        }

        return best;
    }

    /// <summary>A node that left the pool takes its tree with it: its memory is freed, and a node coming back starts cold.</summary>
    private void ForgetRemoved()
    {
        var ids = _pool.Snapshot.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _trees.Keys)
        {
            if (!ids.Contains(id))
            {
                _trees.TryRemove(id, out _);
            }
        }
    }
}

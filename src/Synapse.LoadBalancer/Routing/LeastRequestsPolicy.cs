using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Routing;

/// <summary>The node with the fewest requests in flight; ties go round in turn so idle nodes share the load.</summary>
public sealed class LeastRequestsPolicy : INodePolicy
{
    private long _counter = -1;

    public BackendNode Pick(IReadOnlyList<BackendNode> candidates)
    {
        var start = (int)((ulong)Interlocked.Increment(ref _counter) % (ulong)candidates.Count);
        var best = candidates[start];
        var bestLoad = best.InFlight;
        for (var i = 1; i < candidates.Count; i++)
        {
            var node = candidates[(start + i) % candidates.Count];
            var load = node.InFlight;
            if (load < bestLoad)
            {
                best = node;
                bestLoad = load;
            }
        }

        return best;
    }
}

using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Routing;

/// <summary>Each request to the next node in turn (the original design's policy, and the default).</summary>
public sealed class RoundRobinPolicy : INodePolicy
{
    private long _counter = -1;

    public BackendNode Pick(IReadOnlyList<BackendNode> candidates)
    {
        var turn = (ulong)Interlocked.Increment(ref _counter);
        return candidates[(int)(turn % (ulong)candidates.Count)];
    }
}

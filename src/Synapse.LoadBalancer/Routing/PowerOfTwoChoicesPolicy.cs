using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Routing;

/// <summary>The less busy of two nodes drawn at random: near least-requests balance without scanning every node.</summary>
public sealed class PowerOfTwoChoicesPolicy : INodePolicy
{
    public BackendNode Pick(IReadOnlyList<BackendNode> candidates)
    {
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var first = Random.Shared.Next(candidates.Count);
        var second = Random.Shared.Next(candidates.Count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = candidates[first];
        var b = candidates[second];
        return b.InFlight < a.InFlight ? b : a;
    }
}

using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Routing;

/// <summary>Picks one node among candidates that can all serve the request (never empty).</summary>
public interface INodePolicy
{
    BackendNode Pick(IReadOnlyList<BackendNode> candidates);
}

using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Errors;
using Synapse.LoadBalancer.Nodes;
using Synapse.OpenAI.Errors;

namespace Synapse.LoadBalancer.Routing;

/// <summary>
/// Which nodes may take a request: healthy, not drained, not already tried, and serving the requested model (a
/// node whose models are not known yet is assumed to serve any). The policy picks among them.
/// </summary>
public sealed class NodeSelector(NodePool pool, BalancerOptions options)
{
    private INodePolicy _policy = NodePolicies.Create(options.Policy);

    /// <summary>Switches the policy (a configuration reload); requests already placed are not moved.</summary>
    public void UsePolicy(PolicyKind policy)
    {
        options.Policy = policy;
        Volatile.Write(ref _policy, NodePolicies.Create(policy));
    }

    public List<BackendNode> Candidates(string? model, IReadOnlyCollection<BackendNode> exclude)
    {
        var result = new List<BackendNode>();
        foreach (var node in pool.Snapshot)
        {
            if (node.IsRoutable && !exclude.Contains(node) && (string.IsNullOrEmpty(model) || node.Models.Count == 0 || node.Serves(model)))
            {
                result.Add(node);
            }
        }

        return result;
    }

    public BackendNode Pick(IReadOnlyList<BackendNode> candidates) => Volatile.Read(ref _policy).Pick(candidates);

    /// <summary>Why no node could take a request that none had tried yet: 404 for a model no node serves, else 503.</summary>
    public ApiError NoCandidate(string? model)
    {
        var nodes = pool.Snapshot;
        var healthy = nodes.Where(n => n.IsRoutable).ToList();
        if (healthy.Count == 0 || string.IsNullOrEmpty(model))
        {
            return BalancerErrors.NoHealthyNode();
        }

        if (nodes.Any(n => n.Serves(model)))
        {
            return BalancerErrors.NoHealthyNodeForModel(model);
        }

        return ApiError.ModelNotFound(model, healthy.SelectMany(n => n.Models).Select(m => m.Id).Distinct(StringComparer.Ordinal));
    }
}

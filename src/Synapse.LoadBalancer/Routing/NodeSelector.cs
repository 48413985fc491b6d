using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Errors;
using Synapse.LoadBalancer.Nodes;
using Synapse.OpenAI.Errors;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Routing;

/// <summary>
/// Which of YARP's available destinations may take a request: checked and healthy (YARP would also try a node
/// not checked yet), not drained, not already tried, and serving the requested model (a node whose models are
/// not known yet is assumed to serve any). YARP's load-balancing policy then picks among them.
/// </summary>
public sealed class NodeSelector(NodePool pool, BalancerOptions options)
{
    /// <summary>Reads what the request is routed by: the text only for the <c>prefix</c> policy, the session key only with session affinity.</summary>
    public RoutingRequest Read(byte[]? body, string? sessionHeader) =>
        RoutingRequest.Read(body, sessionHeader, withText: options.Policy == PolicyKind.Prefix, withSession: options.SessionAffinity);

    /// <summary>
    /// With session affinity, a request with a session key may go only to its session's node among the candidates
    /// (see <see cref="SessionAffinity"/>); else every candidate stays for the policy to pick from.
    /// </summary>
    public IReadOnlyList<DestinationState> Narrow(List<DestinationState> candidates, RoutingRequest request) =>
        options.SessionAffinity && request.SessionKey is { } key && candidates.Count > 1 ? [SessionAffinity.Pick(candidates, key)] : candidates;

    public List<DestinationState> Candidates(IReadOnlyList<DestinationState> available, string? model, IReadOnlyCollection<string> exclude)
    {
        var result = new List<DestinationState>(available.Count);
        foreach (var destination in available)
        {
            var node = pool.Find(destination.DestinationId);
            if (node is not null && node.IsRoutable && !exclude.Contains(node.Id)
                && (string.IsNullOrEmpty(model) || node.Models.Count == 0 || node.Serves(model)))
            {
                result.Add(destination);
            }
        }

        return result;
    }

    /// <summary>
    /// The one destination a request naming a stored response may go to: the node that stored it, when healthy and
    /// not tried yet. A drained node still takes these (no other node can answer them; a drain keeps new
    /// conversations away), and the model is the node's to check.
    /// </summary>
    public static List<DestinationState> Pinned(IReadOnlyList<DestinationState> available, BackendNode node, IReadOnlyCollection<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(node);
        var result = new List<DestinationState>(1);
        if (node.Health == NodeHealth.Healthy && !exclude.Contains(node.Id))
        {
            foreach (var destination in available)
            {
                if (string.Equals(destination.DestinationId, node.Id, StringComparison.OrdinalIgnoreCase))
                {
                    result.Add(destination);
                    break;
                }
            }
        }

        return result;
    }

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

namespace Synapse.LoadBalancer.Configuration;

/// <summary>How the balancer picks a node among those able to serve a request.</summary>
public enum PolicyKind
{
    RoundRobin,
    LeastRequests,
    PowerOfTwoChoices,

    /// <summary>Cache-aware: the node holding the longest prefix of the request, while load is even (see Routing.PrefixPolicy).</summary>
    Prefix,
}

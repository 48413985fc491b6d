namespace Synapse.LoadBalancer.Configuration;

/// <summary>How the balancer picks a node among those able to serve a request.</summary>
public enum PolicyKind
{
    RoundRobin,
    LeastRequests,
    PowerOfTwoChoices,
}

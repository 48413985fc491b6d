using Synapse.LoadBalancer.Configuration;

namespace Synapse.LoadBalancer.Routing;

public static class NodePolicies
{
    public static INodePolicy Create(PolicyKind kind) => kind switch
    {
        PolicyKind.LeastRequests => new LeastRequestsPolicy(),
        PolicyKind.PowerOfTwoChoices => new PowerOfTwoChoicesPolicy(),
        _ => new RoundRobinPolicy(),
    };
}

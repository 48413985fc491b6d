namespace Synapse.LoadBalancer.Nodes;

/// <summary>
/// Where a node came from; config nodes follow the configuration, registered ones their heartbeats, Kubernetes ones
/// the EndpointSlices of the nodes' Service.
/// </summary>
public enum NodeSource
{
    Config,
    Registered,
    Admin,
    Kubernetes,
}

namespace Synapse.LoadBalancer.Admin;

/// <summary><c>GET /admin/status</c>: <c>{"balancer": {…}, "nodes": [...]}</c>.</summary>
public sealed record StatusResponse(BalancerInfo Balancer, IReadOnlyList<NodeStatus> Nodes);

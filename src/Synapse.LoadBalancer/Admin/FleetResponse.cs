namespace Synapse.LoadBalancer.Admin;

/// <summary><c>GET /admin/fleet</c>: <c>{"balancer": {…}, "nodes": [...]}</c>, what the web console's dashboard polls.</summary>
public sealed record FleetResponse(BalancerInfo Balancer, IReadOnlyList<FleetNode> Nodes);

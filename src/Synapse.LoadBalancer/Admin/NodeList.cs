namespace Synapse.LoadBalancer.Admin;

/// <summary><c>GET /admin/nodes</c>.</summary>
public sealed record NodeList(IReadOnlyList<NodeStatus> Nodes);

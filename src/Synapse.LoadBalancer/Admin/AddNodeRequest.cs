namespace Synapse.LoadBalancer.Admin;

/// <summary>The body of <c>POST /admin/nodes</c>.</summary>
public sealed record AddNodeRequest(string? Url);

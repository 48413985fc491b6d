namespace Synapse.LoadBalancer.Admin;

/// <summary>The body of <c>POST /admin/nodes/register</c> (a node's heartbeat).</summary>
public sealed record RegisterRequest(string? Url, IReadOnlyList<string>? Models, double? HeartbeatSeconds);

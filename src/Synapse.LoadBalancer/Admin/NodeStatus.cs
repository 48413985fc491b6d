namespace Synapse.LoadBalancer.Admin;

/// <summary>A node as /admin/status and /admin/nodes show it.</summary>
public sealed record NodeStatus(
    string Id,
    string Url,
    string Source,
    string Health,
    IReadOnlyList<string> Models,
    long InFlight,
    long Requests,
    long Errors,
    double? LatencyMsP50,
    double? LatencyMsP95,
    DateTimeOffset? LastCheck)
{
    /// <summary>The tag in the ids of the responses the node stores (<c>resp_{tag}_…</c>), to tell which node holds one.</summary>
    public string? RouteTag { get; init; }
}

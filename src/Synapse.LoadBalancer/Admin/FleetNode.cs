namespace Synapse.LoadBalancer.Admin;

/// <summary>
/// A node as the console's dashboard shows it: <see cref="NodeStatus"/>'s fields, why it is not healthy (the node's
/// own /health/ready answer, or why it gave none), and its engine gauges from its /metrics (null where the node did
/// not report them: loading, down, or not a Synapse node).
/// </summary>
public sealed record FleetNode(
    string Id,
    string Url,
    string Source,
    string Health,
    string? Reason,
    IReadOnlyList<string> Models,
    long InFlight,
    long Requests,
    long Errors,
    double? LatencyMsP50,
    double? LatencyMsP95,
    DateTimeOffset? LastCheck,
    double? Running,
    double? Waiting,
    double? Slots,
    double? KvCacheUsage,
    double? PromptTokensTotal,
    double? GenerationTokensTotal);

using System.Text.Json.Serialization;

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
    DateTimeOffset? LastCheck);

public sealed record BalancerInfo(string Policy, double UptimeSeconds);

public sealed record StatusResponse(BalancerInfo Balancer, IReadOnlyList<NodeStatus> Nodes);

public sealed record NodeList(IReadOnlyList<NodeStatus> Nodes);

/// <summary>The body of <c>POST /admin/nodes/register</c> (a node's heartbeat).</summary>
public sealed record RegisterRequest(string? Url, IReadOnlyList<string>? Models, double? HeartbeatSeconds);

public sealed record RegisterResponse(string Id, string Status);

/// <summary>The body of <c>POST /admin/nodes</c>.</summary>
public sealed record AddNodeRequest(string? Url);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(NodeList))]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(AddNodeRequest))]
public sealed partial class AdminJsonContext : JsonSerializerContext;

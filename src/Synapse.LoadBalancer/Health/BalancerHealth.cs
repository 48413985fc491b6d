using System.Text.Json.Serialization;

namespace Synapse.LoadBalancer.Health;

/// <summary>The balancer's own /health and /health/ready answer (ready while at least one node is).</summary>
public sealed record BalancerHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);

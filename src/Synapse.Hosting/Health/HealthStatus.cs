using System.Text.Json.Serialization;

namespace Synapse.Hosting.Health;

/// <summary>The body of /health and /health/ready: <c>{"status":"ok"}</c> or <c>{"status":"loading","reason":"…"}</c>.</summary>
public sealed record HealthStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);

[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;

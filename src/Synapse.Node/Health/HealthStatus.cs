using System.Text.Json.Serialization;

namespace Synapse.Node.Health;

public sealed record HealthStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);

[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Synapse.LoadBalancer.Admin;

/// <summary>Source-generated JSON for /admin/fleet, snake_case like the rest of the admin API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FleetResponse))]
public sealed partial class FleetJsonContext : JsonSerializerContext;

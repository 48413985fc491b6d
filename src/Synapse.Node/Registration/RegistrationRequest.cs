using System.Text.Json.Serialization;

namespace Synapse.Node.Registration;

/// <summary>What the node announces to the balancer on every heartbeat (<c>POST /admin/nodes/register</c>).</summary>
public sealed record RegistrationRequest(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("models")] IReadOnlyList<string> Models,
    [property: JsonPropertyName("heartbeat_seconds")] double HeartbeatSeconds);

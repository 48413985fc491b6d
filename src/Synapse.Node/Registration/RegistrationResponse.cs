using System.Text.Json.Serialization;

namespace Synapse.Node.Registration;

/// <summary>The balancer's answer to a registration: the id it keeps the node under.</summary>
public sealed record RegistrationResponse(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status);

using System.Text.Json.Serialization;

namespace Synapse.Models.Hub;

public sealed record HubLfsInfo
{
    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }
}

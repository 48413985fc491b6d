using System.Text.Json.Serialization;

namespace Synapse.Models.Hub;

/// <summary>The part of <c>GET /api/models/{repo}/revision/{revision}?blobs=true</c> that Synapse reads.</summary>
public sealed record HubRepoInfo
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>The commit the revision resolves to.</summary>
    [JsonPropertyName("sha")]
    public string? Sha { get; init; }

    [JsonPropertyName("siblings")]
    public IReadOnlyList<HubSibling> Siblings { get; init; } = [];
}

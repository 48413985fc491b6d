using System.Text.Json.Serialization;

namespace Synapse.Models.Hub;

/// <summary><c>model.safetensors.index.json</c>: which shard holds each tensor; only the shard names matter here.</summary>
internal sealed record SafetensorsIndex
{
    [JsonPropertyName("weight_map")]
    public Dictionary<string, string> WeightMap { get; init; } = [];
}

using System.Text.Json.Serialization;

namespace Synapse.Models.Hub;

[JsonSerializable(typeof(HubRepoInfo))]
[JsonSerializable(typeof(SafetensorsIndex))]
internal sealed partial class HubJsonContext : JsonSerializerContext;

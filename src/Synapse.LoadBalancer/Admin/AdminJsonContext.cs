using System.Text.Json.Serialization;

namespace Synapse.LoadBalancer.Admin;

/// <summary>Source-generated JSON for the admin API, in snake_case as the contract names the fields.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(NodeList))]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(AddNodeRequest))]
public sealed partial class AdminJsonContext : JsonSerializerContext;

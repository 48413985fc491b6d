using System.Text.Json.Serialization;

namespace Synapse.LoadBalancer.Health;

[JsonSerializable(typeof(BalancerHealth))]
internal sealed partial class BalancerHealthJsonContext : JsonSerializerContext;

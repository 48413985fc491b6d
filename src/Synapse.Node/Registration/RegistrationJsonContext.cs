using System.Text.Json.Serialization;

namespace Synapse.Node.Registration;

[JsonSerializable(typeof(RegistrationRequest))]
[JsonSerializable(typeof(RegistrationResponse))]
internal sealed partial class RegistrationJsonContext : JsonSerializerContext;

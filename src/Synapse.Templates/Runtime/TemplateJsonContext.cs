using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Synapse.Templates.Runtime;

[JsonSerializable(typeof(JsonNode))]
internal sealed partial class TemplateJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Synapse.OpenAI.Responses;

namespace Synapse.OpenAI.Serialization;

/// <summary>An item's <c>content</c>: a string or an array of part objects, written back in the form it came.</summary>
public sealed class ResponseContentConverter : JsonConverter<ResponseContent>
{
    public override ResponseContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return ResponseContent.FromText(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonTypeMismatchException("one of a string or array of objects", JsonKinds.Describe(ref reader));

        var partInfo = PartInfo(options);
        var parts = new List<ResponseContentPart>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonTypeMismatchException("an object", JsonKinds.Describe(ref reader), $"[{parts.Count}]");
            parts.Add(JsonSerializer.Deserialize(ref reader, partInfo)!);
        }

        return ResponseContent.FromParts(parts);
    }

    public override void Write(Utf8JsonWriter writer, ResponseContent value, JsonSerializerOptions options)
    {
        if (value.Parts is null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        var partInfo = PartInfo(options);
        writer.WriteStartArray();
        foreach (var part in value.Parts)
        {
            JsonSerializer.Serialize(writer, part, partInfo);
        }

        writer.WriteEndArray();
    }

    private static JsonTypeInfo<ResponseContentPart> PartInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<ResponseContentPart>)options.GetTypeInfo(typeof(ResponseContentPart));
}

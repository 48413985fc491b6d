using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Synapse.OpenAI.Responses;

namespace Synapse.OpenAI.Serialization;

/// <summary><c>input</c>: a string or an array of items (each an object; a null entry is kept for the validator to name).</summary>
public sealed class ResponseInputConverter : JsonConverter<ResponseInput>
{
    public override ResponseInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return ResponseInput.FromText(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonTypeMismatchException("one of a string or array of objects", JsonKinds.Describe(ref reader));

        var itemInfo = (JsonTypeInfo<ResponseItem>)options.GetTypeInfo(typeof(ResponseItem));
        var items = new List<ResponseItem?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                items.Add(null);
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonTypeMismatchException("an object", JsonKinds.Describe(ref reader), $"[{items.Count}]");
            items.Add(JsonSerializer.Deserialize(ref reader, itemInfo));
        }

        return ResponseInput.FromItems(items);
    }

    public override void Write(Utf8JsonWriter writer, ResponseInput value, JsonSerializerOptions options)
    {
        if (value.Items is null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        JsonSerializer.Serialize(writer, value.Items, (JsonTypeInfo<List<ResponseItem?>>)options.GetTypeInfo(typeof(List<ResponseItem?>)));
    }
}

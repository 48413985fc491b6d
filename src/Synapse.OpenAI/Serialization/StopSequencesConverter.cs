using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Serialization;

/// <summary><c>stop</c>: a string or an array of strings, read as a list; written as an array.</summary>
public sealed class StopSequencesConverter : JsonConverter<List<string>>
{
    private const string Expected = "a string or an array of strings";

    public override List<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return [reader.GetString()!];
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonTypeMismatchException(Expected, JsonKinds.Describe(ref reader));

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonTypeMismatchException("a string", JsonKinds.Describe(ref reader), $"[{list.Count}]");
            list.Add(reader.GetString()!);
        }
        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var s in value) writer.WriteStringValue(s);
        writer.WriteEndArray();
    }
}

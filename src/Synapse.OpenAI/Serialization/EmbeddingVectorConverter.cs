using System.Text.Json;
using System.Text.Json.Serialization;
using Synapse.OpenAI.Embeddings;

namespace Synapse.OpenAI.Serialization;

/// <summary><c>embedding</c>: an array of numbers (float format) or a string (base64 format).</summary>
public sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    public override EmbeddingVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return EmbeddingVector.FromEncoded(reader.GetString()!);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonTypeMismatchException("an array of numbers or a base64 string", JsonKinds.Describe(ref reader));
        var values = new List<float>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
                throw new JsonTypeMismatchException("a number", JsonKinds.Describe(ref reader), $"[{values.Count}]");
            values.Add(reader.GetSingle());
        }

        return EmbeddingVector.FromFloats([.. values]);
    }

    public override void Write(Utf8JsonWriter writer, EmbeddingVector value, JsonSerializerOptions options)
    {
        if (value.Base64 is { } text)
        {
            writer.WriteStringValue(text);
            return;
        }

        writer.WriteStartArray();
        foreach (var v in value.Values!)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }
}

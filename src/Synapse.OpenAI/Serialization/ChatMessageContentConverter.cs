using System.Text.Json;
using System.Text.Json.Serialization;
using Synapse.OpenAI.Chat;

namespace Synapse.OpenAI.Serialization;

/// <summary>
/// <c>content</c>: a string or an array of parts. Parts are read by hand so a wrong type deep inside reports its own
/// path (<c>messages[0].content[1].text</c>) rather than the whole content's.
/// </summary>
public sealed class ChatMessageContentConverter : JsonConverter<ChatMessageContent>
{
    private const string Expected = "one of a string or array of objects";

    public override ChatMessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return ChatMessageContent.FromText(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonTypeMismatchException(Expected, JsonKinds.Describe(ref reader));

        var parts = new List<ChatContentPart>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            parts.Add(ReadPart(ref reader, $"[{parts.Count}]"));
        return ChatMessageContent.FromParts(parts);
    }

    private static ChatContentPart ReadPart(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonTypeMismatchException("an object", JsonKinds.Describe(ref reader), path);

        var part = new ChatContentPart();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "type":
                    part.Type = ReadString(ref reader, path + ".type");
                    break;
                case "text":
                    part.Text = ReadString(ref reader, path + ".text");
                    break;
                case "refusal":
                    part.Refusal = ReadString(ref reader, path + ".refusal");
                    break;
                default:
                    (part.Other ??= [])[name] = JsonElement.ParseValue(ref reader);
                    break;
            }
        }
        return part;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonTypeMismatchException("a string", JsonKinds.Describe(ref reader), path),
    };

    public override void Write(Utf8JsonWriter writer, ChatMessageContent value, JsonSerializerOptions options)
    {
        if (value.Parts is null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }
        writer.WriteStartArray();
        foreach (var part in value.Parts)
        {
            writer.WriteStartObject();
            if (part.Type is not null) writer.WriteString("type", part.Type);
            if (part.Text is not null) writer.WriteString("text", part.Text);
            if (part.Refusal is not null) writer.WriteString("refusal", part.Refusal);
            if (part.Other is not null)
            {
                foreach (var (name, element) in part.Other)
                {
                    writer.WritePropertyName(name);
                    element.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

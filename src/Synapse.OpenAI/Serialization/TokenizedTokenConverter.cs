using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Synapse.OpenAI.Tokenization;

namespace Synapse.OpenAI.Serialization;

/// <summary>Writes and reads a <see cref="TokenizedToken"/> as a bare id or as <c>{"id", "piece"}</c> (piece: a string or an array of bytes).</summary>
public sealed class TokenizedTokenConverter : JsonConverter<TokenizedToken>
{
    public override TokenizedToken Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new TokenizedToken(reader.GetInt32());
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A token is an id or an object with id and piece.");
        }

        int? id = null;
        byte[]? piece = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id":
                    id = reader.GetInt32();
                    break;
                case "piece" when reader.TokenType == JsonTokenType.String:
                    piece = Encoding.UTF8.GetBytes(reader.GetString()!);
                    break;
                case "piece" when reader.TokenType == JsonTokenType.StartArray:
                    var bytes = new List<byte>();
                    while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        bytes.Add(reader.GetByte());
                    }

                    piece = bytes.ToArray();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new TokenizedToken(id ?? throw new JsonException("A token object needs an id."), piece);
    }

    public override void Write(Utf8JsonWriter writer, TokenizedToken value, JsonSerializerOptions options)
    {
        if (value.Piece is not { } piece)
        {
            writer.WriteNumberValue(value.Id);
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("id", value.Id);
        writer.WritePropertyName("piece");
        if (System.Text.Unicode.Utf8.IsValid(piece))
        {
            writer.WriteStringValue(piece);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var b in piece)
            {
                writer.WriteNumberValue(b);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}

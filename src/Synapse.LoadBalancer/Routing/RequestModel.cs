using System.Text.Json;

namespace Synapse.LoadBalancer.Routing;

/// <summary>Finds the top-level <c>model</c> (or another string) of a JSON request body without deserializing the rest.</summary>
public static class RequestModel
{
    /// <summary>
    /// The model id, or null when the body has none or it cannot be read: not a JSON object, broken JSON, or a
    /// <c>model</c> string that is not valid text (invalid UTF-8, a lone surrogate). The body then goes to a node
    /// unchanged, and the node answers it with a 400.
    /// </summary>
    public static string? Read(ReadOnlySpan<byte> body) => ReadString(body, "model"u8);

    /// <summary>The top-level string property <paramref name="name"/> (a Responses request's <c>previous_response_id</c>), read as <see cref="Read"/> reads the model.</summary>
    public static string? ReadString(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals(name);
                reader.Read();
                if (isModel)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // GetString on invalid UTF-8 or an escaped lone surrogate: not text, so no model to route by.
        }

        return null;
    }
}

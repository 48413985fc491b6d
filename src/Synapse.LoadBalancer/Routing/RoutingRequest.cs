using System.Text;
using System.Text.Json;

namespace Synapse.LoadBalancer.Routing;

/// <summary>
/// What the balancer routes a request by, read once from its body (and headers) and set as a request feature for
/// the load-balancing policy: the model, the session key and the request's text.
/// </summary>
public sealed record RoutingRequest(string? Model, string? SessionKey, string? Text)
{
    /// <summary>The header that names a session; without it, the body's <c>user</c> field does.</summary>
    public const string SessionHeader = "X-Session-ID";

    /// <summary>Ends each message (each object) in <see cref="Text"/>.</summary>
    public const char MessageEnd = '\u001E';

    /// <summary>Ends each string in <see cref="Text"/>.</summary>
    public const char StringEnd = '\u001F';

    public static RoutingRequest Empty { get; } = new(null, null, null);

    /// <summary>
    /// Reads the body. <paramref name="withText"/>: build <see cref="Text"/> (the prefix policy needs it);
    /// <paramref name="withSession"/>: find the session key (session affinity needs it). A body that cannot be read
    /// as JSON routes as one without a model or text: a node answers it with a 400.
    /// </summary>
    public static RoutingRequest Read(byte[]? body, string? sessionHeader, bool withText, bool withSession)
    {
        var session = withSession && !string.IsNullOrWhiteSpace(sessionHeader) ? sessionHeader.Trim() : null;
        if (body is null)
        {
            return session is null ? Empty : new RoutingRequest(null, session, null);
        }

        var model = RequestModel.Read(body);
        if (!withText && (!withSession || session is not null))
        {
            return new RoutingRequest(model, session, null);
        }

        try
        {
            ReadOnlySpan<byte> span = body;
            if (span.StartsWith("\uFEFF"u8))
            {
                span = span[3..];
            }

            var reader = new Utf8JsonReader(span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new RoutingRequest(model, session, null);
            }

            if (withSession && session is null && root.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.String
                && user.GetString() is { Length: > 0 } userKey && !string.IsNullOrWhiteSpace(userKey))
            {
                session = userKey;
            }

            return new RoutingRequest(model, session, withText ? TextOf(root, model) : null);
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid text (invalid UTF-8, a lone surrogate).
        }

        return new RoutingRequest(model, session, null);
    }

    /// <summary>
    /// The conversation as text, in order: the model, then every string of the instructions and of the messages
    /// (chat), the prompt (completions) or the input (responses, embeddings). Two turns of one conversation share
    /// the earlier turn's text as a prefix, as the node's prompts share their tokens. Null when there is none.
    /// </summary>
    private static string? TextOf(JsonElement root, string? model)
    {
        var text = new StringBuilder();
        text.Append(model).Append('\0');
        var start = text.Length;
        foreach (var name in (ReadOnlySpan<string>)["instructions", "messages", "prompt", "input"])
        {
            if (root.TryGetProperty(name, out var value))
            {
                Append(value, text);
            }
        }

        return text.Length == start ? null : text.ToString();
    }

    private static void Append(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text.Append(value.GetString()).Append(StringEnd);
                break;
            case JsonValueKind.Number:
                text.Append(value.GetRawText()).Append(StringEnd);
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    Append(item, text);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Append(property.Value, text);
                }

                text.Append(MessageEnd);
                break;
        }
    }
}

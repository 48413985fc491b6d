using System.Text.Json;

namespace Synapse.Bench.Http;

/// <summary>
/// Reads the fields a benchmark needs from a chat.completion(.chunk) or text_completion payload, tolerating
/// everything else a server may add. Malformed JSON is reported as the chunk's error, not thrown.
/// </summary>
public static class ChunkParser
{
    public static StreamChunk Parse(string json, BenchEndpoint endpoint)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new StreamChunk(null, null, null, null, "payload is not a JSON object");
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                return new StreamChunk(null, null, null, null, ErrorMessage(error));
            }

            string? content = null;
            string? finish = null;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                content = endpoint == BenchEndpoint.Chat ? ChatContent(choice) : String(choice, "text");
                finish = String(choice, "finish_reason");
            }

            int? prompt = null, completion = null, cached = null;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                prompt = Int(usage, "prompt_tokens");
                completion = Int(usage, "completion_tokens");
                if (usage.TryGetProperty("prompt_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object)
                {
                    cached = Int(details, "cached_tokens");
                }
            }

            return new StreamChunk(content, prompt, completion, finish, null) { CachedTokens = cached };
        }
        catch (JsonException ex)
        {
            return new StreamChunk(null, null, null, null, $"malformed JSON from server: {ex.Message}");
        }
    }

    /// <summary>The message of an OpenAI error envelope (or of a bare error object/string).</summary>
    public static string ErrorMessage(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString() ?? "error",
        JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString()!,
        _ => error.GetRawText(),
    };

    /// <summary>Streaming chunks carry <c>delta</c>, full responses <c>message</c>; reasoning models stream a separate field.</summary>
    private static string? ChatContent(JsonElement choice)
    {
        var holder = choice.TryGetProperty("delta", out var delta) ? delta
            : choice.TryGetProperty("message", out var message) ? message
            : default;
        if (holder.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return String(holder, "content") is { Length: > 0 } text ? text : String(holder, "reasoning_content");
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}

using System.Text.Json;

namespace Synapse.Bench.Http;

/// <summary>The JSON bodies the benchmark sends: greedy sampling, one user message (or a raw prompt), usage on.</summary>
public static class RequestBody
{
    /// <summary>The body; <paramref name="responseFormatSchema"/> (JSON text) goes out as a strict <c>json_schema</c> response format.</summary>
    public static byte[] Build(BenchEndpoint endpoint, string? model, string prompt, int maxTokens, bool stream, bool ignoreEos,
        string? responseFormatSchema = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (model is not null)
            {
                json.WriteString("model", model);
            }

            if (endpoint == BenchEndpoint.Chat)
            {
                json.WriteStartArray("messages");
                json.WriteStartObject();
                json.WriteString("role", "user");
                json.WriteString("content", prompt);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            else
            {
                json.WriteString("prompt", prompt);
            }

            json.WriteNumber("max_tokens", maxTokens);
            json.WriteNumber("temperature", 0);
            if (ignoreEos)
            {
                json.WriteBoolean("ignore_eos", true);
            }

            if (responseFormatSchema is not null)
            {
                json.WriteStartObject("response_format");
                json.WriteString("type", "json_schema");
                json.WriteStartObject("json_schema");
                json.WriteString("name", "bench");
                json.WritePropertyName("schema");
                json.WriteRawValue(responseFormatSchema);
                json.WriteBoolean("strict", true);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteBoolean("stream", stream);
            if (stream)
            {
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

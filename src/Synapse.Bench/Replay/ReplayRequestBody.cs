using System.Text.Json;

namespace Synapse.Bench.Replay;

/// <summary>The streamed, greedy chat request of one replay turn.</summary>
public static class ReplayRequestBody
{
    public static byte[] Build(string? model, IReadOnlyList<ReplayMessage> messages, int maxTokens, bool ignoreEos, string? user)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (model is not null)
            {
                json.WriteString("model", model);
            }

            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role);
                json.WriteString("content", message.Content);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("max_tokens", maxTokens);
            json.WriteNumber("temperature", 0);
            if (ignoreEos)
            {
                json.WriteBoolean("ignore_eos", true);
            }

            if (user is not null)
            {
                json.WriteString("user", user);
            }

            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>Raw HTTP helpers for what the .NET SDK does not cover (legacy completions, extensions, malformed input).</summary>
internal static class Sse
{
    public static HttpRequestMessage Post(string path, string json, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(HttpClient http, string path, string json)
    {
        var response = await http.SendAsync(Post(path, json));
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Reads a whole SSE stream: every line as sent, and the parsed <c>data:</c> events before <c>[DONE]</c>.</summary>
    public static async Task<StreamResult> PostStreamAsync(HttpClient http, string path, string json)
    {
        using var response = await http.SendAsync(Post(path, json), HttpCompletionOption.ResponseHeadersRead);
        var lines = new List<string>();
        var events = new List<JsonElement>();
        var done = false;
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                done = true;
                continue;
            }

            Assert.False(done, "no event may follow [DONE]");
            events.Add(JsonDocument.Parse(data).RootElement.Clone());
        }

        return new StreamResult(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.CacheControl?.NoCache == true, lines, events, done);
    }

    public sealed record StreamResult(System.Net.HttpStatusCode Status, string? MediaType, bool NoCache, List<string> Lines, List<JsonElement> Events, bool Done);

    public static void AssertEnvelope(JsonElement body, string? code, string? param = null, string type = "invalid_request_error")
    {
        Assert.True(body.TryGetProperty("error", out var error), body.ToString());
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.NotEmpty(error.GetProperty("message").GetString()!);
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.True(error.TryGetProperty("param", out var p), "param must be present");
        Assert.True(error.TryGetProperty("code", out var c), "code must be present");
        Assert.Equal(code, c.ValueKind == JsonValueKind.Null ? null : c.GetString());
        if (param is not null)
        {
            Assert.Equal(param, p.GetString());
        }
        Assert.DoesNotContain("   at ", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}

using System.Net.Sockets;
using System.Text.Json;

namespace Synapse.Bench.Http;

/// <summary>Turns failed responses and transport errors into one-line messages that group well in a report.</summary>
public static class HttpErrors
{
    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"HTTP {(int)response.StatusCode}";
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return status;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
            {
                return $"{status}: {ChunkParser.ErrorMessage(error)}";
            }
        }
        catch (JsonException)
        {
        }

        text = text.Trim();
        return text.Length == 0 ? status : $"{status}: {(text.Length > 200 ? text[..200] + "…" : text)}";
    }

    public static string Describe(HttpRequestException ex) => ex.InnerException is SocketException socket
        ? $"connection failed: {socket.SocketErrorCode}"
        : $"request failed: {ex.Message}";
}

using System.Text.Json;

namespace Synapse.Node.Tools;

/// <summary>
/// The envelope of templates without tool support (llama.cpp's generic format): the whole reply is
/// <c>{"tool_calls": [{"name", "arguments"}, …]}</c> or <c>{"response": "…"}</c>. It has no marker; the parser
/// reads the reply once it has ended.
/// </summary>
public sealed class GenericToolCallSyntax : ToolCallSyntax
{
    public static GenericToolCallSyntax Instance { get; } = new();

    public override IReadOnlyList<string> Markers { get; } = [];

    public override CallScan Scan(string text, int start, bool final) => CallScan.Invalid;

    /// <summary>
    /// The envelope's calls, or its response text; null when the reply is not an envelope. With
    /// <paramref name="jsonResponse"/> the response is its JSON text even when it is a string.
    /// </summary>
    public static (IReadOnlyList<ParsedToolCall> Calls, string? Response)? ReadEnvelope(string reply, bool jsonResponse = false)
    {
        try
        {
            using var document = JsonDocument.Parse(reply);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("tool_calls", out var calls) && ReadCalls(calls) is { } many)
            {
                return (many, null);
            }

            if (root.TryGetProperty("tool_call", out var call) && ReadCall(call) is { } one)
            {
                return ([one], null);
            }

            if (root.TryGetProperty("response", out var response))
            {
                return ([], response.ValueKind == JsonValueKind.String && !jsonResponse ? response.GetString() : response.GetRawText());
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

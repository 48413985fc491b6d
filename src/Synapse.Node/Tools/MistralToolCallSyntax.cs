using System.Text.Json;

namespace Synapse.Node.Tools;

/// <summary>
/// Mistral's two layouts after <c>[TOOL_CALLS]</c>: Nemo's JSON array <c>[{"name", "arguments", "id"}]</c>, and
/// Mistral Small 3.2 / Devstral's <c>name[CALL_ID]id[ARGS]{…}</c> (the call id part optional), one call per marker.
/// </summary>
public sealed class MistralToolCallSyntax : ToolCallSyntax
{
    public const string Marker = "[TOOL_CALLS]";
    public const string ArgsMarker = "[ARGS]";
    public const string CallIdMarker = "[CALL_ID]";

    public static MistralToolCallSyntax Instance { get; } = new();

    public override IReadOnlyList<string> Markers { get; } = [Marker];

    public override IReadOnlyList<string> ControlMarkers { get; } = [Marker, ArgsMarker, CallIdMarker];

    public override CallStart? FirstCallStart(string text, int start)
    {
        var i = JsonValueScanner.SkipWhitespace(text, start + Marker.Length);
        if (i >= text.Length)
        {
            return null;
        }

        if (text[i] is '[' or '{')
        {
            return ObjectCallStart(text, i, arrayOpen: text[i] == '[');
        }

        var args = text.IndexOf(ArgsMarker, i, StringComparison.Ordinal);
        if (args < 0)
        {
            return null;
        }

        var header = text[i..args];
        var callId = header.IndexOf(CallIdMarker, StringComparison.Ordinal);
        var name = (callId >= 0 ? header[..callId] : header).Trim();
        var body = JsonValueScanner.SkipWhitespace(text, args + ArgsMarker.Length);
        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && body < text.Length && text[body] == '{'
            ? new CallStart(name, body)
            : null;
    }

    public override CallScan Scan(string text, int start, bool final)
    {
        var i = JsonValueScanner.SkipWhitespace(text, start + Marker.Length);
        if (i >= text.Length)
        {
            return final ? CallScan.Invalid : CallScan.Incomplete;
        }

        return text[i] is '[' or '{' ? ScanJson(text, i, final) : ScanNamed(text, i, final);
    }

    private static CallScan ScanJson(string text, int i, bool final)
    {
        var (document, end) = ReadJson(text, i, final);
        if (document is null)
        {
            return end == -1 ? CallScan.Incomplete : CallScan.Invalid;
        }

        using (document)
        {
            return ReadCalls(document.RootElement) is { } calls ? CallScan.Complete(calls, end) : CallScan.Invalid;
        }
    }

    private static CallScan ScanNamed(string text, int i, bool final)
    {
        var args = text.IndexOf(ArgsMarker, i, StringComparison.Ordinal);
        if (args < 0)
        {
            // Still writing the name (or the call id): wait while it looks like one.
            var tail = text.AsSpan(i);
            return !final && tail.Length < 256 && !tail.ContainsAny('{', '\n') ? CallScan.Incomplete : CallScan.Invalid;
        }

        var header = text[i..args];
        var callId = header.IndexOf(CallIdMarker, StringComparison.Ordinal);
        var name = (callId >= 0 ? header[..callId] : header).Trim();
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            return CallScan.Invalid;
        }

        var (document, end) = ReadJson(text, args + ArgsMarker.Length, final);
        if (document is null)
        {
            return end == -1 ? CallScan.Incomplete : CallScan.Invalid;
        }

        using (document)
        {
            return Arguments(document.RootElement) is { } json ? CallScan.Complete([new ParsedToolCall(name, json)], end) : CallScan.Invalid;
        }
    }
}

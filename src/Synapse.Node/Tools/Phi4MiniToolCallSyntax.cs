namespace Synapse.Node.Tools;

/// <summary>Phi-4-mini: <c>&lt;|tool_call|&gt;[{"name", "arguments"}, …]&lt;|/tool_call|&gt;</c> (a single object accepted too).</summary>
public sealed class Phi4MiniToolCallSyntax : ToolCallSyntax
{
    public const string Open = "<|tool_call|>";
    public const string Close = "<|/tool_call|>";

    public static Phi4MiniToolCallSyntax Instance { get; } = new();

    public override IReadOnlyList<string> Markers { get; } = [Open];

    public override IReadOnlyList<string> ControlMarkers { get; } = [Open, Close];

    public override CallStart? FirstCallStart(string text, int start)
    {
        var i = JsonValueScanner.SkipWhitespace(text, start + Open.Length);
        return i < text.Length && text[i] == '[' ? ObjectCallStart(text, i, arrayOpen: true) : ObjectCallStart(text, i);
    }

    public override CallScan Scan(string text, int start, bool final)
    {
        var (document, end) = ReadJson(text, start + Open.Length, final);
        if (document is null)
        {
            return end == -1 ? CallScan.Incomplete : CallScan.Invalid;
        }

        using (document)
        {
            if (ReadCalls(document.RootElement) is not { } calls)
            {
                return CallScan.Invalid;
            }

            var close = Expect(text, end, Close, final);
            return close.NeedMore ? CallScan.Incomplete : CallScan.Complete(calls, close.Matched ? close.End : end);
        }
    }
}

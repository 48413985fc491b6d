namespace Synapse.Node.Tools;

/// <summary><c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c>, one block per call.</summary>
public sealed class HermesToolCallSyntax : ToolCallSyntax
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";

    public static HermesToolCallSyntax Instance { get; } = new();

    public override IReadOnlyList<string> Markers { get; } = [Open];

    public override IReadOnlyList<string> ControlMarkers { get; } = [Open, Close];

    public override CallStart? FirstCallStart(string text, int start) => ObjectCallStart(text, start + Open.Length);

    public override CallScan Scan(string text, int start, bool final)
    {
        var body = start + Open.Length;
        var (document, end) = ReadJson(text, body, final);
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
            if (close.NeedMore)
            {
                return CallScan.Incomplete;
            }

            return CallScan.Complete(calls, close.Matched ? close.End : end);
        }
    }
}

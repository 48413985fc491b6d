namespace Synapse.Node.Tools;

/// <summary>
/// Llama 3.1–3.3: <c>{"name": …, "parameters": {…}}</c> as the whole reply, or after <c>&lt;|python_tag|&gt;</c>
/// (several calls separated by <c>;</c>). The bare object is recognised by the parser's bare-JSON path.
/// </summary>
public sealed class Llama3ToolCallSyntax : ToolCallSyntax
{
    public const string PythonTag = "<|python_tag|>";

    public static Llama3ToolCallSyntax Instance { get; } = new();

    public override IReadOnlyList<string> Markers { get; } = [PythonTag];

    public override CallStart? FirstCallStart(string text, int start) => ObjectCallStart(text, start + PythonTag.Length);

    public override CallScan Scan(string text, int start, bool final)
    {
        var i = start + PythonTag.Length;
        var calls = new List<ParsedToolCall>();
        while (true)
        {
            var (document, end) = ReadJson(text, i, final);
            if (document is null)
            {
                return end == -1 ? CallScan.Incomplete : calls.Count > 0 ? CallScan.Complete(calls, i) : CallScan.Invalid;
            }

            using (document)
            {
                if (ReadCalls(document.RootElement) is not { } read)
                {
                    return calls.Count > 0 ? CallScan.Complete(calls, i) : CallScan.Invalid;
                }

                calls.AddRange(read);
            }

            var separator = Expect(text, end, ";", final);
            if (separator.NeedMore)
            {
                return CallScan.Incomplete;
            }

            if (!separator.Matched)
            {
                return CallScan.Complete(calls, end);
            }

            i = separator.End;
        }
    }
}

namespace Synapse.Node.Tools;

/// <summary>What a <see cref="ToolCallSyntax"/> read at a call marker.</summary>
public readonly record struct CallScan(CallScanStatus Status, IReadOnlyList<ParsedToolCall> Calls, int End)
{
    public static CallScan Incomplete { get; } = new(CallScanStatus.Incomplete, [], 0);

    public static CallScan Invalid { get; } = new(CallScanStatus.Invalid, [], 0);

    public static CallScan Complete(IReadOnlyList<ParsedToolCall> calls, int end) => new(CallScanStatus.Complete, calls, end);
}

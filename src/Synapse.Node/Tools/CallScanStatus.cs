namespace Synapse.Node.Tools;

public enum CallScanStatus
{
    /// <summary>The call's text has not ended yet: wait for more output.</summary>
    Incomplete,

    /// <summary>One or more calls were read, up to <see cref="CallScan.End"/>.</summary>
    Complete,

    /// <summary>The marker was not followed by a call: its text is content.</summary>
    Invalid,
}

namespace Synapse.OpenAI.Common;

/// <summary>The <c>finish_reason</c> strings.</summary>
public static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string ContentFilter = "content_filter";
}

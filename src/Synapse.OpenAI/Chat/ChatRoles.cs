namespace Synapse.OpenAI.Chat;

/// <summary>
/// Message roles. <c>function</c> is OpenAI's deprecated predecessor of <c>tool</c>; OpenAI still accepts it, so we
/// do too (it needs a <c>name</c>), and templates treat it as a tool result.
/// </summary>
public static class ChatRoles
{
    public const string System = "system";
    public const string Developer = "developer";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
    public const string Function = "function";

    /// <summary>In the order OpenAI lists them in its error message.</summary>
    public static IReadOnlyList<string> All { get; } = [System, Assistant, User, Function, Tool, Developer];
}

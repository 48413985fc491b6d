namespace Synapse.Node.Tools;

/// <summary><c>tool_choice</c>: <c>none</c>, <c>auto</c>, <c>required</c> or a named function.</summary>
public enum ToolChoiceMode
{
    None,
    Auto,
    Required,
    Named,
}

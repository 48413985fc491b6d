namespace Synapse.Node.Tools;

/// <summary>A call recovered from model output: the function's name and its arguments as JSON text.</summary>
public sealed record ParsedToolCall(string Name, string Arguments);

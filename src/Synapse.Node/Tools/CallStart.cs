namespace Synapse.Node.Tools;

/// <summary>
/// The beginning of a call whose text is still being written: its function's name, and where its arguments object
/// starts. From there the arguments' text can be streamed as it grows; once the call has ended, that text is
/// exactly its <see cref="ParsedToolCall.Arguments"/>.
/// </summary>
public readonly record struct CallStart(string Name, int ArgumentsStart);

namespace Synapse.Bench;

/// <summary>A run cannot go on (target unreachable, no model, no usage); the message is shown as is, exit code 1.</summary>
public sealed class BenchException(string message) : Exception(message);

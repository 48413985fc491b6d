namespace Synapse.Bench.Replay;

/// <summary>One chat message of a replayed conversation.</summary>
public sealed record ReplayMessage(string Role, string Content);

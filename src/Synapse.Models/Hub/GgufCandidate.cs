namespace Synapse.Models.Hub;

/// <summary>One loadable GGUF model of a repository: a single file, or the parts of a split one in order.</summary>
public sealed record GgufCandidate(IReadOnlyList<string> Files, long? TotalSize);

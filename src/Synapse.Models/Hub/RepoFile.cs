namespace Synapse.Models.Hub;

/// <summary>A file of a repository as the selection sees it: its path in the repository and its size when known.</summary>
public sealed record RepoFile(string Path, long? Size);

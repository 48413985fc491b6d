namespace Synapse.Models.Hub;

/// <summary>Progress of one file's download (<see cref="TotalBytes"/> null when the size is unknown).</summary>
public sealed record DownloadProgress(string RepoId, string File, long BytesDone, long? TotalBytes, bool Completed);

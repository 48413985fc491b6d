namespace Synapse.Models.Hub;

/// <summary>A repository in the cache: what the hub cache holds of it and the GGUF files converted from it.</summary>
/// <param name="HubBytes">Size of its blobs (each downloaded file once, whatever the number of snapshots).</param>
/// <param name="Refs">Revision names and the commit each pointed to when last fetched.</param>
public sealed record CachedRepository(
    string RepoId,
    string? HubFolder,
    long HubBytes,
    IReadOnlyDictionary<string, string> Refs,
    IReadOnlyList<string> Snapshots,
    IReadOnlyList<ConvertedFile> Converted);

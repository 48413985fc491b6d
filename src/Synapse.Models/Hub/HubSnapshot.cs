namespace Synapse.Models.Hub;

/// <summary>A repository revision present in the cache: its snapshot folder and the files Synapse uses from it.</summary>
public sealed record HubSnapshot(string RepoId, string Commit, string Folder, RepoSelection Selection, bool FromCacheOnly)
{
    /// <summary>The snapshot path of the GGUF file to load (a GGUF repository), else null.</summary>
    public string? GgufPath => Selection.GgufToLoad is { } file ? Path.Combine(Folder, file) : null;
}

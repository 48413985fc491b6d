namespace Synapse.Models.Hub;

/// <summary>What the hub cache and the converted-model cache hold (<c>synapse models</c>), and removing a repository (<c>synapse rm</c>).</summary>
public sealed class CacheInventory(HubEnvironment environment)
{
    private readonly HubCacheLayout _hub = new(environment.HubCache);
    private readonly ConvertedModelCache _converted = new(environment.ConvertedCache);

    public IReadOnlyList<CachedRepository> List()
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var root in new[] { _hub.Root, _converted.Root })
        {
            if (Directory.Exists(root))
            {
                foreach (var folder in Directory.EnumerateDirectories(root, "models--*"))
                {
                    if (HubCacheLayout.RepoIdFromFolder(Path.GetFileName(folder)) is { } id)
                    {
                        ids.Add(id);
                    }
                }
            }
        }

        return ids.Select(Describe).ToList();
    }

    /// <summary>The repository as cached, or null when neither cache holds anything of it.</summary>
    public CachedRepository? Find(string repoId) =>
        Directory.Exists(_hub.RepoFolder(repoId)) || Directory.Exists(_converted.RepoFolder(repoId)) ? Describe(repoId) : null;

    /// <summary>
    /// Removes the repository's hub cache folder, its locks and its converted files; returns the bytes freed, or null
    /// when neither cache holds it.
    /// </summary>
    public long? Remove(string repoId)
    {
        var repository = Find(repoId);
        if (repository is null)
        {
            return null;
        }

        var freed = repository.HubBytes + repository.Converted.Sum(c => c.Bytes);
        foreach (var folder in new[] { _hub.RepoFolder(repoId), Path.Combine(_hub.Root, ".locks", HubCacheLayout.RepoFolderName(repoId)), _converted.RepoFolder(repoId) })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return freed;
    }

    private CachedRepository Describe(string repoId)
    {
        var folder = _hub.RepoFolder(repoId);
        var refs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var refsFolder = Path.Combine(folder, "refs");
        if (Directory.Exists(refsFolder))
        {
            foreach (var file in Directory.EnumerateFiles(refsFolder, "*", SearchOption.AllDirectories))
            {
                refs[Path.GetRelativePath(refsFolder, file).Replace('\\', '/')] = File.ReadAllText(file).Trim();
            }
        }

        var snapshotsFolder = Path.Combine(folder, "snapshots");
        var snapshots = Directory.Exists(snapshotsFolder) ? Directory.EnumerateDirectories(snapshotsFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList() : [];
        var blobs = Path.Combine(folder, "blobs");
        var hubBytes = Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs).Sum(f => new FileInfo(f).Length) : 0;

        var converted = new List<ConvertedFile>();
        var convertedFolder = _converted.RepoFolder(repoId);
        if (Directory.Exists(convertedFolder))
        {
            foreach (var file in Directory.EnumerateFiles(convertedFolder, "*.gguf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                converted.Add(new ConvertedFile(Path.GetFileName(Path.GetDirectoryName(file)!), file, new FileInfo(file).Length));
            }
        }

        return new CachedRepository(repoId, Directory.Exists(folder) ? folder : null, hubBytes, refs, snapshots!, converted);
    }
}

using System.Text.RegularExpressions;

namespace Synapse.Models.Hub;

/// <summary>
/// The cache exactly as huggingface_hub lays it out (file_download.py), so both read and fill the same files:
/// <c>{cache}/models--org--name/blobs/{etag}</c>, <c>snapshots/{commit}/{file}</c> as relative symlinks to the blob,
/// <c>refs/{revision}</c> holding the commit without a newline, and <c>{cache}/.locks/models--org--name/{etag}.lock</c>.
/// </summary>
public sealed partial class HubCacheLayout(string hubCache)
{
    public string Root { get; } = Path.GetFullPath(hubCache);

    /// <summary>huggingface_hub's repo_folder_name: <c>models--org--name</c>.</summary>
    public static string RepoFolderName(string repoId) => "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);

    /// <summary>The repository id back from a folder name, or null when the folder is not a model repository's.</summary>
    public static string? RepoIdFromFolder(string folderName) =>
        folderName.StartsWith("models--", StringComparison.Ordinal) ? folderName["models--".Length..].Replace("--", "/", StringComparison.Ordinal) : null;

    public string RepoFolder(string repoId) => Path.Combine(Root, RepoFolderName(repoId));

    public string BlobPath(string repoId, string etag) => Path.Combine(RepoFolder(repoId), "blobs", etag);

    public string IncompletePath(string repoId, string etag) => BlobPath(repoId, etag) + ".incomplete";

    public string SnapshotFolder(string repoId, string commit) => Path.Combine(RepoFolder(repoId), "snapshots", commit);

    public string RefPath(string repoId, string revision) => Path.Combine(RepoFolder(repoId), "refs", revision);

    public string LockPath(string repoId, string etag) => Path.Combine(Root, ".locks", RepoFolderName(repoId), etag + ".lock");

    /// <summary>The snapshot path of a file; refuses names that would leave the snapshot folder.</summary>
    public string PointerPath(string repoId, string commit, string relativeFile)
    {
        var snapshots = Path.Combine(RepoFolder(repoId), "snapshots");
        var pointer = Path.GetFullPath(Path.Combine(snapshots, commit, relativeFile));
        if (!pointer.StartsWith(snapshots + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new HubException(HubErrorKind.HubError, $"The hub listed a file name that leaves the cache folder: '{relativeFile}'.");
        }

        return pointer;
    }

    /// <summary>Whether <paramref name="revision"/> is a full commit hash (then no ref file is kept for it).</summary>
    public static bool IsCommitHash(string revision) => CommitPattern().IsMatch(revision);

    /// <summary>The commit a revision pointed to when it was last fetched, from <c>refs/</c>.</summary>
    public string? ReadRef(string repoId, string revision)
    {
        if (IsCommitHash(revision))
        {
            return Directory.Exists(SnapshotFolder(repoId, revision)) ? revision : null;
        }

        var path = RefPath(repoId, revision);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>
    /// huggingface_hub's _cache_commit_hash_for_specific_revision: the commit, no newline, only when it changed. Written
    /// to a temporary file and renamed so a concurrent reader never sees half a hash.
    /// </summary>
    public void WriteRef(string repoId, string revision, string commit)
    {
        if (revision == commit)
        {
            return;
        }

        var path = RefPath(repoId, revision);
        if (File.Exists(path) && File.ReadAllText(path) == commit)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, commit);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Links the snapshot file to its blob with a relative symlink (<c>../../blobs/{etag}</c>, deeper for files in
    /// folders), as huggingface_hub's _create_symlink does. Safe when another process links the same file at once.
    /// </summary>
    public void CreatePointer(string blobPath, string pointerPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pointerPath)!);
        var relative = Path.GetRelativePath(Path.GetDirectoryName(pointerPath)!, blobPath);
        if (PointerIsValid(pointerPath, relative))
        {
            return;
        }

        var temporary = pointerPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.CreateSymbolicLink(temporary, relative);
        // rename(2) replaces atomically: a concurrent process sees the old link or the new one, never none.
        File.Move(temporary, pointerPath, overwrite: true);
    }

    private static bool PointerIsValid(string pointerPath, string relativeTarget)
    {
        var info = new FileInfo(pointerPath);
        return info.LinkTarget == relativeTarget && File.Exists(pointerPath);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}

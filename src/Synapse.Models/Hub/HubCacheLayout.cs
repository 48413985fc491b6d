using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Synapse.Models.Hub;

/// <summary>
/// The cache exactly as huggingface_hub lays it out (file_download.py), so both read and fill the same files:
/// <c>{cache}/models--org--name/blobs/{etag}</c>, <c>snapshots/{commit}/{file}</c> as relative symlinks to the blob,
/// <c>refs/{revision}</c> holding the commit without a newline, and <c>{cache}/.locks/models--org--name/{etag}.lock</c>.
/// Where symbolic links cannot be made (Windows without developer mode or admin rights, some network or FAT file
/// systems), the snapshot holds copies of the blobs instead, as huggingface_hub does, after one warning.
/// </summary>
/// <param name="createSymbolicLink">Makes a symbolic link at the first path pointing to the second (relative) one;
/// <see cref="File.CreateSymbolicLink"/> unless a test stands in for a file system without links.</param>
public sealed partial class HubCacheLayout(string hubCache, ILogger? logger = null, Action<string, string>? createSymbolicLink = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Action<string, string> _createSymbolicLink = createSymbolicLink ?? ((path, target) => File.CreateSymbolicLink(path, target));
    private int _copies;

    public string Root { get; } = Path.GetFullPath(hubCache);

    /// <summary>Whether this cache has fallen back to copies because a symbolic link could not be made.</summary>
    public bool UsesCopies => Volatile.Read(ref _copies) == 1;

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
    /// folders), as huggingface_hub's _create_symlink does, or copies the blob there where links cannot be made. Safe
    /// when another process links the same file at once.
    /// </summary>
    public void CreatePointer(string blobPath, string pointerPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pointerPath)!);
        var relative = Path.GetRelativePath(Path.GetDirectoryName(pointerPath)!, blobPath);
        if (PointerIsValid(pointerPath, relative, blobPath))
        {
            return;
        }

        var temporary = pointerPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        if (!UsesCopies)
        {
            try
            {
                _createSymbolicLink(temporary, relative);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                File.Delete(temporary);
                if (Interlocked.Exchange(ref _copies, 1) == 0)
                {
                    LogCopying(_logger, Root, e.Message);
                }
            }
        }

        if (UsesCopies)
        {
            File.Copy(blobPath, temporary, overwrite: true);
        }

        // rename(2) replaces atomically: a concurrent process sees the old pointer or the new one, never none. A copy
        // is complete before it takes the pointer's name, so a pointer that is a plain file is a whole copy.
        File.Move(temporary, pointerPath, overwrite: true);
    }

    private static bool PointerIsValid(string pointerPath, string relativeTarget, string blobPath)
    {
        // File.Exists follows a link: a link whose blob is gone is not valid.
        if (!File.Exists(pointerPath))
        {
            return false;
        }

        var info = new FileInfo(pointerPath);
        return info.LinkTarget is { } target
            ? target == relativeTarget
            : File.Exists(blobPath) && info.Length == new FileInfo(blobPath).Length;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot create symbolic links in the Hugging Face cache at {Root} ({Reason}); " +
        "snapshot files are copies of their blobs instead, which takes twice the disk space. On Windows, turn on developer mode " +
        "or run as administrator to use links, as huggingface_hub does.")]
    private static partial void LogCopying(ILogger logger, string root, string reason);

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}

using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Synapse.Models.Hub;

/// <summary>
/// Brings a repository revision into the huggingface_hub cache: lists it, picks the files (<see cref="RepoFileSelector"/>),
/// downloads what is missing under per-blob file locks and links the snapshot. Offline (HF_HUB_OFFLINE), or when the hub
/// cannot be reached, it serves what the cache holds.
/// </summary>
/// <param name="createSymbolicLink">See <see cref="HubCacheLayout"/>: tests stand in for a file system without links.</param>
public sealed partial class HubDownloader(HubClient client, ILogger? logger = null, Action<string, string>? createSymbolicLink = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public HubCacheLayout Cache { get; } = new(client.Environment.HubCache, logger, createSymbolicLink);

    /// <param name="isConversionType">Whether a <c>:TAG</c> names a quantization Synapse converts to.</param>
    public async Task<HubSnapshot> FetchAsync(string repoId, string revision, string? tag, Func<string, bool> isConversionType,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var environment = client.Environment;
        if (environment.Offline)
        {
            return FromCache(repoId, revision, tag, isConversionType) ?? throw new HubException(HubErrorKind.NotCached,
                $"HF_HUB_OFFLINE is set and {repoId}@{revision} is not (completely) in the cache at {Cache.Root}; unset HF_HUB_OFFLINE to download it.");
        }

        HubRepoInfo info;
        try
        {
            info = await client.GetRepoInfoAsync(repoId, revision, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode is null or >= System.Net.HttpStatusCode.InternalServerError or System.Net.HttpStatusCode.TooManyRequests)
        {
            var cached = FromCache(repoId, revision, tag, isConversionType);
            if (cached is not null)
            {
                LogUsingCache(_logger, environment.Endpoint, e.Message, repoId, revision, cached.Commit);
                return cached;
            }

            throw new HubException(HubErrorKind.Unreachable,
                $"Cannot reach {environment.Endpoint} ({Describe(e)}) and {repoId}@{revision} is not in the cache at {Cache.Root}. Check the network (or HF_ENDPOINT); a model downloaded once is then served offline.", e);
        }

        var commit = info.Sha!;
        Cache.WriteRef(repoId, revision, commit);
        var siblings = info.Siblings.GroupBy(s => s.FileName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var selection = RepoFileSelector.Select(repoId, info.Siblings.Select(s => new RepoFile(s.FileName, s.ContentSize)).ToList(), tag, isConversionType);
        foreach (var file in selection.Files)
        {
            await EnsureFileAsync(repoId, commit, siblings, file, progress, cancellationToken).ConfigureAwait(false);
        }

        if (selection.SafetensorsIndex is { } index)
        {
            var shards = ReadShards(Cache.PointerPath(repoId, commit, index), repoId);
            foreach (var shard in shards)
            {
                await EnsureFileAsync(repoId, commit, siblings, shard, progress, cancellationToken).ConfigureAwait(false);
            }

            selection = selection with { Files = [.. selection.Files, .. shards] };
        }

        return new HubSnapshot(repoId, commit, Cache.SnapshotFolder(repoId, commit), selection, FromCacheOnly: false);
    }

    /// <summary>The revision as the cache holds it, or null when it is missing or incomplete.</summary>
    public HubSnapshot? FromCache(string repoId, string revision, string? tag, Func<string, bool> isConversionType)
    {
        var commit = Cache.ReadRef(repoId, revision);
        if (commit is null)
        {
            return null;
        }

        var folder = Cache.SnapshotFolder(repoId, commit);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        // File.Exists follows the symlink, so a pointer whose blob is gone does not count.
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(File.Exists)
            .Select(f => new RepoFile(Path.GetRelativePath(folder, f).Replace('\\', '/'), new FileInfo(f).Length))
            .ToList();
        RepoSelection selection;
        try
        {
            selection = RepoFileSelector.Select(repoId, files, tag, isConversionType);
            if (selection.SafetensorsIndex is { } index)
            {
                var shards = ReadShards(Path.Combine(folder, index), repoId);
                if (shards.Any(s => !File.Exists(Path.Combine(folder, s))))
                {
                    return null;
                }

                selection = selection with { Files = [.. selection.Files, .. shards] };
            }
        }
        catch (HubException)
        {
            return null;
        }

        return new HubSnapshot(repoId, commit, folder, selection, FromCacheOnly: true);
    }

    private async Task EnsureFileAsync(string repoId, string commit, Dictionary<string, HubSibling> siblings, string file,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var pointer = Cache.PointerPath(repoId, commit, file);
        if (File.Exists(pointer))
        {
            return;
        }

        if (!siblings.TryGetValue(file, out var sibling))
        {
            throw new HubException(HubErrorKind.HubError, $"{repoId}@{commit} lists no file '{file}' (named by its safetensors index).");
        }

        var etag = sibling.Etag ?? throw new HubException(HubErrorKind.HubError,
            $"The hub's listing of {repoId} gives no blob id for {file}; is HF_ENDPOINT a Hugging Face hub?");
        var blob = Cache.BlobPath(repoId, etag);
        if (!File.Exists(blob))
        {
            using var fileLock = await CacheFileLock.AcquireAsync(Cache.LockPath(repoId, etag),
                waited => LogWaitingForLock(_logger, repoId, file, (int)waited.TotalSeconds), cancellationToken).ConfigureAwait(false);
            // Another process may have fetched it while this one waited.
            if (!File.Exists(blob))
            {
                LogDownloading(_logger, repoId, file, sibling.ContentSize);
                await client.DownloadAsync(repoId, commit, file, etag, sibling.ContentSize, blob, Cache.IncompletePath(repoId, etag), progress, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        Cache.CreatePointer(blob, pointer);
    }

    private static List<string> ReadShards(string indexPath, string repoId)
    {
        try
        {
            var index = JsonSerializer.Deserialize(File.ReadAllBytes(indexPath), HubJsonContext.Default.SafetensorsIndex);
            var shards = index?.WeightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];
            if (shards.Count == 0 || shards.Any(s => s.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(s)))
            {
                throw new HubException(HubErrorKind.NoSupportedWeights, $"The safetensors index of {repoId} names no (valid) shard files.");
            }

            return shards;
        }
        catch (JsonException e)
        {
            throw new HubException(HubErrorKind.NoSupportedWeights, $"The safetensors index of {repoId} is not valid JSON: {e.Message}", e);
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException socket ? socket.Message : e.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach {Endpoint} ({Reason}); using the cached {RepoId}@{Revision} (commit {Commit})")]
    private static partial void LogUsingCache(ILogger logger, string endpoint, string reason, string repoId, string revision, string commit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloading {RepoId}/{File} ({Size} bytes)")]
    private static partial void LogDownloading(ILogger logger, string repoId, string file, long? size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another process downloading {RepoId}/{File} ({Seconds} s so far)")]
    private static partial void LogWaitingForLock(ILogger logger, string repoId, string file, int seconds);
}

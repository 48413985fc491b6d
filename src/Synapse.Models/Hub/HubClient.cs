using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Synapse.Models.Hub;

/// <summary>
/// The two hub routes Synapse uses: the revision listing (<c>/api/models/{repo}/revision/{rev}?blobs=true</c>: commit,
/// files, sizes, ETags) and file downloads (<c>/{repo}/resolve/{commit}/{file}</c>, redirects followed, resumed with
/// Range from the <c>.incomplete</c> file after a dropped connection, and checked against the ETag).
/// </summary>
public sealed partial class HubClient : IDisposable
{
    /// <summary>Attempts per file (huggingface_hub's http_get retries 5 times too), each resuming where the last stopped.</summary>
    public const int MaxAttempts = 5;

    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public HubClient(HubEnvironment environment, ILogger? logger = null, HttpMessageHandler? handler = null)
    {
        Environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _logger = logger ?? NullLogger.Instance;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            // Redirects are followed by hand: the token goes along only while the host stays the hub's.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HubEnvironment Environment { get; }

    /// <summary>Longest wait for the next bytes of a response before the attempt counts as failed.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause before a retry (doubled each time).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The commit and files of <paramref name="revision"/>.</summary>
    public async Task<HubRepoInfo> GetRepoInfoAsync(string repoId, string revision, CancellationToken cancellationToken)
    {
        var url = new Uri($"{Environment.Endpoint}/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}?blobs=true");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            using var response = await SendAsync(url, null, timeout.Token).ConfigureAwait(false);
            ThrowIfTransient(response);
            if (!response.IsSuccessStatusCode)
            {
                throw ErrorFor(response, repoId, revision, file: null);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var info = await JsonSerializer.DeserializeAsync(body, HubJsonContext.Default.HubRepoInfo, timeout.Token).ConfigureAwait(false);
            if (info?.Sha is null)
            {
                throw new HubException(HubErrorKind.HubError, $"{Environment.Endpoint} answered the listing of {repoId}@{revision} without a commit hash.");
            }

            return info;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"{Environment.Endpoint} did not answer within {ReadTimeout.TotalSeconds:0} s.");
        }
        catch (JsonException e)
        {
            throw new HubException(HubErrorKind.HubError, $"{Environment.Endpoint} answered the listing of {repoId}@{revision} with invalid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// Downloads <paramref name="file"/> at <paramref name="commit"/> into <paramref name="incompletePath"/> (resuming what
    /// is there), checks size and checksum, and moves it to <paramref name="blobPath"/>. The caller holds the blob's lock.
    /// </summary>
    public async Task DownloadAsync(string repoId, string commit, string file, string etag, long? size, string blobPath, string incompletePath,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var url = new Uri($"{Environment.Endpoint}/{repoId}/resolve/{commit}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");
        Directory.CreateDirectory(Path.GetDirectoryName(incompletePath)!);
        var reporter = new ProgressThrottle(repoId, file, size, progress);
        for (var attempt = 1; ; attempt++)
        {
            await using var output = new FileStream(incompletePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            var existing = output.Length;
            if (size is { } expected && existing > expected)
            {
                output.SetLength(existing = 0);
            }

            if (size is { } total && existing == total)
            {
                break;
            }

            EnsureSpace(incompletePath, size is null ? 0 : size.Value - existing);
            if (existing > 0)
            {
                LogResuming(_logger, repoId, file, existing, size);
            }

            try
            {
                using var response = await SendAsync(url, existing > 0 ? new RangeHeaderValue(existing, null) : null, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    output.SetLength(0);
                    continue;
                }

                ThrowIfTransient(response);
                if (!response.IsSuccessStatusCode)
                {
                    throw ErrorFor(response, repoId, commit, file);
                }

                if (existing > 0 && (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentRange?.From != existing))
                {
                    // The server sent the whole file (or another range): start over rather than splice wrong bytes.
                    output.SetLength(existing = 0);
                }

                output.Seek(existing, SeekOrigin.Begin);
                await CopyAsync(response, output, existing, reporter, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (size is null || output.Length == size)
                {
                    break;
                }

                throw new HttpRequestException($"the response ended after {output.Length} of {size} bytes");
            }
            catch (Exception e) when (IsDiskFull(e))
            {
                throw DiskFull(incompletePath, size, e);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested && attempt < MaxAttempts)
            {
                LogRetrying(_logger, e, repoId, file, attempt, MaxAttempts);
                await Task.Delay(RetryDelay * (1 << (attempt - 1)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                throw new HubException(HubErrorKind.Unreachable,
                    $"Downloading {file} of {repoId} from {Environment.Endpoint} failed {MaxAttempts} times ({e.Message}); the part already downloaded is kept in {incompletePath} and the next try resumes from it.", e);
            }
        }

        await VerifyAsync(repoId, file, etag, size, incompletePath, cancellationToken).ConfigureAwait(false);
        File.Move(incompletePath, blobPath, overwrite: true);
        reporter.Complete();
    }

    private async Task CopyAsync(HttpResponseMessage response, FileStream output, long existing, ProgressThrottle reporter, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[1 << 16];
        var done = existing;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            stall.CancelAfter(ReadTimeout);
            int read;
            try
            {
                read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no data for {ReadTimeout.TotalSeconds:0} s");
            }

            if (read == 0)
            {
                return;
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            done += read;
            reporter.Report(done);
        }
    }

    private static async Task VerifyAsync(string repoId, string file, string etag, long? size, string path, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (size is { } expected && length != expected)
        {
            File.Delete(path);
            throw new HubException(HubErrorKind.ChecksumMismatch,
                $"{file} of {repoId} should be {expected} bytes but {length} arrived; the download was removed, try again.");
        }

        using var checksum = new BlobChecksum(etag, length);
        if (checksum.Algorithm is null)
        {
            return;
        }

        await using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                checksum.Append(buffer.AsSpan(0, read));
            }
        }

        if (checksum.Mismatch() is { } actual)
        {
            File.Delete(path);
            throw new HubException(HubErrorKind.ChecksumMismatch,
                $"{file} of {repoId} does not match the hub's checksum ({checksum.Algorithm} {etag} expected, {actual} arrived); the download was removed, try again.");
        }
    }

    /// <summary>GET following up to 10 redirects; the token is sent to the hub's own host only (as requests does).</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, RangeHeaderValue? range, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(Environment.Endpoint);
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd("synapse/1.0 (huggingface_hub-compatible)");
            request.Headers.AcceptEncoding.ParseAdd("identity");
            request.Headers.Range = range;
            if (Environment.Token is { } token && Uri.Compare(url, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location && hop < 10)
            {
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                response.Dispose();
                continue;
            }

            return response;
        }
    }

    /// <summary>Hub or CDN trouble (5xx, 429) is worth a retry, or the cache, rather than an error about the model.</summary>
    private void ThrowIfTransient(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 || status == 429)
        {
            throw new HttpRequestException($"{Environment.Endpoint} answered {status} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }

    private HubException ErrorFor(HttpResponseMessage response, string repoId, string revision, string? file)
    {
        var code = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
        var hubMessage = response.Headers.TryGetValues("X-Error-Message", out var messages) ? messages.FirstOrDefault() : null;
        var login = "log in (HF_TOKEN or `hf auth login`)";
        var tokenNote = Environment.Token is null
            ? " No token was sent."
            : $" The token from {Environment.TokenSource} was sent but has no access.";
        var status = (int)response.StatusCode;
        if (code == "GatedRepo" || status == 403)
        {
            return new HubException(HubErrorKind.Gated,
                $"{repoId} is gated: accept the licence at {Environment.Endpoint}/{repoId} and {login}.{tokenNote}");
        }

        if (code == "RevisionNotFound")
        {
            return new HubException(HubErrorKind.RevisionNotFound, $"{repoId} has no revision '{revision}' (a branch, tag or commit) on {Environment.Endpoint}.");
        }

        if (code == "EntryNotFound")
        {
            return new HubException(HubErrorKind.HubError, $"{repoId}@{revision} has no file '{file}' on {Environment.Endpoint}.");
        }

        if (code == "RepoNotFound" || status is 401 or 404)
        {
            return new HubException(HubErrorKind.RepositoryNotFound,
                $"{repoId} was not found on {Environment.Endpoint}: check the name; if it is private or gated, {login}.{tokenNote}");
        }

        return new HubException(HubErrorKind.HubError,
            $"{Environment.Endpoint} answered {status} {response.ReasonPhrase} for {repoId}{(file is null ? "" : "/" + file)}{(hubMessage is null ? "" : ": " + hubMessage)}.");
    }

    private static void EnsureSpace(string path, long needed)
    {
        if (needed <= 0)
        {
            return;
        }

        long available;
        try
        {
            available = new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(path))!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return;
        }

        if (available < needed)
        {
            throw new HubException(HubErrorKind.DiskFull,
                $"Not enough disk space for {Path.GetFileName(path)}: {needed:N0} bytes needed, {available:N0} free in {Path.GetDirectoryName(path)}. Free some space or point HF_HOME/HF_HUB_CACHE elsewhere.");
        }
    }

    internal static bool IsDiskFull(Exception e) =>
        e is IOException io && ((io.HResult & 0xFFFF) is 28 or 122 or 112 or 39 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase));

    private static HubException DiskFull(string path, long? size, Exception e) =>
        new(HubErrorKind.DiskFull,
            $"The disk is full while writing {path}{(size is null ? "" : $" ({size:N0} bytes needed)")}. Free some space or point HF_HOME/HF_HUB_CACHE elsewhere; the next try resumes the download.", e);

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {RepoId}/{File} from byte {Offset} of {Size}")]
    private static partial void LogResuming(ILogger logger, string repoId, string file, long offset, long? size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Download of {RepoId}/{File} interrupted (attempt {Attempt} of {MaxAttempts}); resuming")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string repoId, string file, int attempt, int maxAttempts);

    private sealed class ProgressThrottle(string repoId, string file, long? size, IProgress<DownloadProgress>? progress)
    {
        private long _lastTicks;

        public void Report(long done)
        {
            var now = System.Environment.TickCount64;
            if (progress is not null && now - _lastTicks >= 100)
            {
                _lastTicks = now;
                progress.Report(new DownloadProgress(repoId, file, done, size, Completed: false));
            }
        }

        public void Complete() => progress?.Report(new DownloadProgress(repoId, file, size ?? 0, size, Completed: true));
    }
}

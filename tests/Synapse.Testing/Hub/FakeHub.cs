using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.Testing.Loopback;

namespace Synapse.Testing.Hub;

/// <summary>
/// A Hugging Face hub on Kestrel at 127.0.0.1: the revision API, <c>/{repo}/resolve/{rev}/{file}</c> (plain files served
/// with a git-blob ETag, LFS files redirected to a separate <c>/cdn/</c> path with X-Linked-Etag/X-Linked-Size), Range
/// requests, gated (401/403) and missing (404) repositories, and injected faults (cut connections, corrupt bytes).
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    private FakeHub()
    {
    }

    public string Url => _server.Url;

    public ConcurrentDictionary<string, FakeRepo> Repos { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request: method, path, Range header, Authorization header.</summary>
    public ConcurrentQueue<(string Path, string? Range, string? Authorization)> Requests { get; } = new();

    /// <summary>Pause between 64 KiB chunks of CDN bodies (to make downloads overlap in concurrency tests).</summary>
    public TimeSpan ChunkDelay { get; set; }

    public FakeRepo AddRepo(string id)
    {
        var repo = new FakeRepo(id);
        Repos[id] = repo;
        return repo;
    }

    public int CdnRequests(string etag) => Requests.Count(r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal) && r.Path.EndsWith(etag, StringComparison.Ordinal));

    public static async Task<FakeHub> StartAsync()
    {
        var hub = new FakeHub();
        hub._server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                hub.Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null,
                    context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null));
                await next(context);
            });
            app.MapGet("/api/models/{**rest}", (HttpContext context, string rest) => hub.ListAsync(context, rest));
            app.MapGet("/cdn/{repoFolder}/{etag}", (HttpContext context, string repoFolder, string etag) => hub.CdnAsync(context, repoFolder, etag));
            app.MapGet("/{**rest}", (HttpContext context, string rest) => hub.ResolveAsync(context, rest));
        });
        return hub;
    }

    private async Task ListAsync(HttpContext context, string rest)
    {
        var marker = rest.IndexOf("/revision/", StringComparison.Ordinal);
        if (marker < 0)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var repoId = rest[..marker];
        var revision = Uri.UnescapeDataString(rest[(marker + "/revision/".Length)..]);
        if (!Repos.TryGetValue(repoId, out var repo))
        {
            await Error(context, 401, "RepoNotFound", "Repository not found");
            return;
        }

        if (Take(repo, api: true))
        {
            context.Response.StatusCode = 503;
            return;
        }

        var commit = repo.ResolveRevision(revision);
        if (commit is null)
        {
            await Error(context, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            return;
        }

        var siblings = new JsonArray();
        foreach (var (path, content) in repo.Files)
        {
            var sibling = new JsonObject { ["rfilename"] = path, ["size"] = content.Length, ["blobId"] = FakeRepo.GitBlobId(content) };
            if (repo.Lfs.Contains(path))
            {
                sibling["lfs"] = new JsonObject { ["sha256"] = FakeRepo.Sha256(content), ["size"] = content.Length, ["pointerSize"] = 134 };
            }

            siblings.Add(sibling);
        }

        var body = new JsonObject { ["id"] = repoId, ["sha"] = commit, ["gated"] = repo.GatedToken is null ? false : "manual", ["siblings"] = siblings };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private async Task ResolveAsync(HttpContext context, string rest)
    {
        var marker = rest.IndexOf("/resolve/", StringComparison.Ordinal);
        if (marker < 0)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var repoId = rest[..marker];
        var afterResolve = rest[(marker + "/resolve/".Length)..];
        var slash = afterResolve.IndexOf('/', StringComparison.Ordinal);
        var revision = Uri.UnescapeDataString(afterResolve[..slash]);
        var file = string.Join('/', afterResolve[(slash + 1)..].Split('/').Select(Uri.UnescapeDataString));
        if (!Repos.TryGetValue(repoId, out var repo))
        {
            await Error(context, 401, "RepoNotFound", "Repository not found");
            return;
        }

        if (repo.GatedToken is not null && context.Request.Headers.Authorization != "Bearer " + repo.GatedToken)
        {
            var status = context.Request.Headers.Authorization.Count == 0 ? 401 : 403;
            await Error(context, status, "GatedRepo", "Access to model " + repoId + " is restricted.");
            return;
        }

        var commit = repo.ResolveRevision(revision);
        if (commit is null)
        {
            await Error(context, 404, "RevisionNotFound", "Invalid rev id");
            return;
        }

        if (!repo.Files.TryGetValue(file, out var content))
        {
            await Error(context, 404, "EntryNotFound", "Entry not found");
            return;
        }

        context.Response.Headers["X-Repo-Commit"] = commit;
        var etag = repo.Etag(file);
        if (repo.Lfs.Contains(file))
        {
            context.Response.Headers["X-Linked-Etag"] = $"\"{etag}\"";
            context.Response.Headers["X-Linked-Size"] = content.Length.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.Location = $"{Url}/cdn/{Uri.EscapeDataString(repoId.Replace("/", "--", StringComparison.Ordinal))}/{etag}";
            context.Response.StatusCode = 302;
            return;
        }

        context.Response.Headers.ETag = $"\"{etag}\"";
        await ServeAsync(context, repo, file, content);
    }

    private async Task CdnAsync(HttpContext context, string repoFolder, string etag)
    {
        var repo = Repos.Values.FirstOrDefault(r => r.Id.Replace("/", "--", StringComparison.Ordinal) == repoFolder);
        var file = repo?.Files.Keys.FirstOrDefault(f => repo.Etag(f) == etag);
        if (repo is null || file is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (Take(repo, api: false))
        {
            context.Response.StatusCode = 503;
            return;
        }

        // The CDN sees no hub token in real life; it authorises with the signed URL.
        context.Response.Headers.ETag = $"\"{etag}\"";
        await ServeAsync(context, repo, file, repo.Files[file]);
    }

    private async Task ServeAsync(HttpContext context, FakeRepo repo, string file, byte[] content)
    {
        var body = content;
        if (repo.Corrupt.Contains(file))
        {
            body = (byte[])content.Clone();
            body[body.Length / 2] ^= 0xFF;
        }

        var start = 0;
        var range = context.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = int.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
            if (start >= body.Length)
            {
                context.Response.StatusCode = 416;
                return;
            }

            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{body.Length - 1}/{body.Length}";
        }

        context.Response.ContentLength = body.Length - start;
        int? cutAfter = null;
        lock (repo.Cuts)
        {
            if (repo.Cuts.TryGetValue(file, out var cut) && cut.Times > 0)
            {
                repo.Cuts[file] = (cut.Times - 1, cut.AfterBytes);
                cutAfter = cut.AfterBytes;
            }
        }

        var position = start;
        while (position < body.Length)
        {
            var chunk = Math.Min(64 * 1024, body.Length - position);
            if (cutAfter is { } limit && position - start + chunk >= limit)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(position, Math.Max(0, limit - (position - start))));
                await context.Response.Body.FlushAsync();
                // Let the bytes leave before the reset, so the client holds exactly the part before the cut.
                await Task.Delay(50);
                context.Abort();
                return;
            }

            await context.Response.Body.WriteAsync(body.AsMemory(position, chunk));
            position += chunk;
            if (ChunkDelay > TimeSpan.Zero)
            {
                await context.Response.Body.FlushAsync();
                await Task.Delay(ChunkDelay);
            }
        }
    }

    private static bool Take(FakeRepo repo, bool api)
    {
        lock (repo)
        {
            if (api ? repo.ApiUnavailable <= 0 : repo.CdnUnavailable <= 0)
            {
                return false;
            }

            if (api)
            {
                repo.ApiUnavailable--;
            }
            else
            {
                repo.CdnUnavailable--;
            }

            return true;
        }
    }

    private static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["X-Error-Code"] = code;
        context.Response.Headers["X-Error-Message"] = message;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

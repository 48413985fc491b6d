using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Synapse.Models.Hub;
using Synapse.Testing.Hub;

namespace Synapse.Models.Tests.Hub;

/// <summary>
/// A cache where symbolic links cannot be made (Windows without developer mode or admin rights): the snapshot holds
/// copies of the blobs, as huggingface_hub does, after one warning; what a reader sees is the same, online or offline.
/// </summary>
public sealed class HubCacheCopyFallbackTests : IAsyncLifetime
{
    private static readonly string[] Conversions = ["F16", "Q8_0"];
    private readonly HubTestFolder _linked = new();
    private readonly HubTestFolder _copied = new();
    private readonly Warnings _warnings = new();
    private FakeHub _hub = null!;

    public async ValueTask InitializeAsync() => _hub = await FakeHub.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        _linked.Dispose();
        _copied.Dispose();
    }

    /// <summary>What Windows throws for CreateSymbolicLink without the privilege (ERROR_PRIVILEGE_NOT_HELD).</summary>
    private static void NoLinks(string path, string target) =>
        throw new UnauthorizedAccessException($"A required privilege is not held by the client. : '{path}'");

    private HubDownloader Downloader(HubTestFolder folder, bool offline = false, Action<string, string>? createSymbolicLink = null) =>
        new(new HubClient(folder.Environment(_hub.Url, offline: offline)) { RetryDelay = TimeSpan.FromMilliseconds(10) }, _warnings, createSymbolicLink);

    private static Task<HubSnapshot> Fetch(HubDownloader downloader, string repo) =>
        downloader.FetchAsync(repo, "main", null, t => Conversions.Contains(t, StringComparer.OrdinalIgnoreCase), null, CancellationToken.None);

    private FakeRepo Repo(string id)
    {
        var weights = new byte[200_000];
        new Random(7).NextBytes(weights);
        return _hub.AddRepo(id)
            .Add("config.json", """{"architectures":["LlamaForCausalLM"]}""")
            .Add("tokenizer.json", """{"model":{}}""")
            .Add("model.safetensors", weights, lfs: true);
    }

    private static SortedDictionary<string, byte[]> Contents(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    [Fact]
    public async Task Without_links_the_snapshot_holds_copies_with_the_same_contents_after_one_warning()
    {
        var repo = Repo("acme/copies");
        var linked = await Fetch(Downloader(_linked), "acme/copies");
        var downloader = Downloader(_copied, createSymbolicLink: NoLinks);
        var copied = await Fetch(downloader, "acme/copies");

        Assert.True(downloader.Cache.UsesCopies);
        Assert.Equal(linked.Commit, copied.Commit);
        Assert.Equal(linked.Selection.Files, copied.Selection.Files);
        var expected = Contents(linked.Folder);
        Assert.Equal(expected, Contents(copied.Folder));
        Assert.Equal(repo.Files["model.safetensors"], expected["model.safetensors"]);
        foreach (var file in Directory.EnumerateFiles(copied.Folder))
        {
            Assert.Null(new FileInfo(file).LinkTarget);
        }

        // The blobs stay where huggingface_hub keeps them, and no temporary file is left beside a copy.
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_copied.Home, "hub", "models--acme--copies", "blobs")).Length);
        Assert.DoesNotContain(Directory.EnumerateFiles(copied.Folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var warning = Assert.Single(_warnings.Entries);
        Assert.Contains("symbolic links", warning, StringComparison.Ordinal);
        Assert.Contains("A required privilege is not held", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copied_snapshot_serves_a_second_start_online_and_offline()
    {
        Repo("acme/again");
        var first = await Fetch(Downloader(_copied, createSymbolicLink: NoLinks), "acme/again");
        var contents = Contents(first.Folder);
        var downloads = _hub.Requests.Count(r => r.Path.Contains("/resolve/", StringComparison.Ordinal));

        // Online again: the copies count as the snapshot, nothing is downloaded or copied again, no new warning.
        var written = Directory.EnumerateFiles(first.Folder).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var again = await Fetch(Downloader(_copied, createSymbolicLink: NoLinks), "acme/again");
        Assert.Equal(contents, Contents(again.Folder));
        Assert.Equal(downloads, _hub.Requests.Count(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)));
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
        Assert.Single(_warnings.Entries);

        // Offline: served from the cache alone, the hub untouched.
        var requests = _hub.Requests.Count;
        var offline = await Fetch(Downloader(_copied, offline: true, createSymbolicLink: NoLinks), "acme/again");
        Assert.True(offline.FromCacheOnly);
        Assert.Equal(first.Commit, offline.Commit);
        Assert.Equal(first.Selection.Files, offline.Selection.Files);
        Assert.Equal(contents, Contents(offline.Folder));
        Assert.Equal(requests, _hub.Requests.Count);
    }

    [Fact]
    public async Task A_truncated_copy_is_made_again()
    {
        Repo("acme/torn");
        var first = await Fetch(Downloader(_copied, createSymbolicLink: NoLinks), "acme/torn");
        var contents = Contents(first.Folder);
        var layout = new HubCacheLayout(Path.Combine(_copied.Home, "hub"), _warnings, NoLinks);
        var pointer = Path.Combine(first.Folder, "model.safetensors");
        var blob = Directory.GetFiles(Path.Combine(_copied.Home, "hub", "models--acme--torn", "blobs"))
            .Single(b => new FileInfo(b).Length == contents["model.safetensors"].Length);
        File.WriteAllBytes(pointer, contents["model.safetensors"][..1000]);

        layout.CreatePointer(blob, pointer);
        Assert.Equal(contents["model.safetensors"], File.ReadAllBytes(pointer));
    }

    [Fact]
    public void Links_are_used_where_they_can_be_made()
    {
        using var folder = new HubTestFolder();
        var layout = new HubCacheLayout(Path.Combine(folder.Home, "hub"), _warnings);
        var blob = Path.Combine(folder.Home, "hub", "models--a--b", "blobs", "abc");
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        File.WriteAllText(blob, "x");
        var pointer = layout.PointerPath("a/b", new string('0', 40), "f.txt");
        layout.CreatePointer(blob, pointer);
        Assert.Equal("../../blobs/abc", new FileInfo(pointer).LinkTarget);
        Assert.False(layout.UsesCopies);
        Assert.Empty(_warnings.Entries);
    }

    private sealed class Warnings : ILogger
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Entries.Enqueue(formatter(state, exception));
            }
        }
    }
}

using System.Text;
using Synapse.Models.Hub;
using Synapse.Testing.Hub;

namespace Synapse.Models.Tests.Hub;

public sealed class HubDownloaderTests : FakeHubTest
{
    private static readonly string[] Conversions = ["F16", "BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M"];

    private static byte[] Weights(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private FakeRepo SafetensorsRepo(string id, int weightBytes = 300_000)
    {
        return Hub.AddRepo(id)
            .Add("config.json", """{"architectures":["LlamaForCausalLM"]}""")
            .Add("tokenizer.json", """{"model":{}}""")
            .Add("README.md", "# readme")
            .Add("model.safetensors", Weights(weightBytes, 1), lfs: true)
            .Add("pytorch_model.bin", Weights(1000, 2), lfs: true);
    }

    private static Task<HubSnapshot> Fetch(HubDownloader downloader, string repo, string revision = "main", string? tag = null) =>
        downloader.FetchAsync(repo, revision, tag, t => Conversions.Contains(t, StringComparer.OrdinalIgnoreCase), null, CancellationToken.None);

    private HubDownloader Downloader(string? token = null, bool offline = false, string? endpoint = null) =>
        new(new HubClient(Folder.Environment(endpoint ?? Hub.Url, token, offline)) { RetryDelay = TimeSpan.FromMilliseconds(10) });

    [Fact]
    public async Task CacheLayoutIsHuggingFaceHubs()
    {
        var repo = SafetensorsRepo("acme/tiny");
        var snapshot = await Fetch(Downloader(), "acme/tiny");

        var root = Path.Combine(Folder.Home, "hub", "models--acme--tiny");
        Assert.Equal(Path.Combine(root, "snapshots", repo.Commit), snapshot.Folder);
        // refs/main holds the commit, no newline (huggingface_hub writes it with write_text(commit_hash)).
        Assert.Equal(repo.Commit, File.ReadAllText(Path.Combine(root, "refs", "main")));
        // Blobs are named by ETag: the sha256 for LFS files, the git blob id for plain files.
        var blobs = Directory.GetFiles(Path.Combine(root, "blobs")).Select(Path.GetFileName).Order().ToArray();
        string[] expected = [repo.Etag("config.json"), repo.Etag("model.safetensors"), repo.Etag("tokenizer.json")];
        Assert.Equal(expected.Order(), blobs);
        Assert.Equal(64, repo.Etag("model.safetensors").Length);
        Assert.Equal(40, repo.Etag("config.json").Length);
        // Snapshot files are relative symlinks to the blobs, nothing else (no .bin, no README).
        var pointers = Directory.GetFileSystemEntries(snapshot.Folder).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { "config.json", "model.safetensors", "tokenizer.json" }, pointers);
        foreach (var name in pointers)
        {
            var info = new FileInfo(Path.Combine(snapshot.Folder, name!));
            Assert.Equal($"../../blobs/{repo.Etag(name!)}", info.LinkTarget);
            Assert.Equal(repo.Files[name!], File.ReadAllBytes(info.FullName));
        }

        Assert.True(File.Exists(Path.Combine(Folder.Home, "hub", ".locks", "models--acme--tiny", repo.Etag("model.safetensors") + ".lock")));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "blobs"), "*.incomplete"));
        // The LFS file came through the CDN redirect.
        Assert.Equal(1, Hub.CdnRequests(repo.Etag("model.safetensors")));
        Assert.DoesNotContain(Hub.Requests, r => r.Path.Contains("pytorch_model.bin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondFetchDownloadsNothingAndARevisionGetsItsRef()
    {
        var repo = SafetensorsRepo("acme/again");
        repo.Revisions["v1"] = repo.Commit;
        await Fetch(Downloader(), "acme/again");
        var before = Hub.Requests.Count(r => r.Path.Contains("/resolve/", StringComparison.Ordinal));
        var snapshot = await Fetch(Downloader(), "acme/again", "v1");
        Assert.Equal(before, Hub.Requests.Count(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)));
        Assert.Equal(repo.Commit, File.ReadAllText(Path.Combine(Folder.Home, "hub", "models--acme--again", "refs", "v1")));
        Assert.Equal(repo.Commit, snapshot.Commit);
    }

    [Fact]
    public async Task ShardedCheckpointFetchesTheShardsItsIndexNames()
    {
        var repo = Hub.AddRepo("acme/sharded")
            .Add("config.json", "{}")
            .Add("model.safetensors.index.json", """{"metadata":{},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors","c":"model-00001-of-00002.safetensors"}}""")
            .Add("model-00001-of-00002.safetensors", Weights(1000, 3), lfs: true)
            .Add("model-00002-of-00002.safetensors", Weights(1000, 4), lfs: true);
        var snapshot = await Fetch(Downloader(), "acme/sharded");
        Assert.Equal(["config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"], snapshot.Selection.Files);
        Assert.All(snapshot.Selection.Files, f => Assert.Equal(repo.Files[f], File.ReadAllBytes(Path.Combine(snapshot.Folder, f))));
    }

    [Fact]
    public async Task ResumesAfterTheServerCutsTheConnection()
    {
        var repo = SafetensorsRepo("acme/cut", weightBytes: 600_000);
        repo.Cuts["model.safetensors"] = (1, 200_000);
        var snapshot = await Fetch(Downloader(), "acme/cut");
        Assert.Equal(repo.Files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        var cdn = Hub.Requests.Where(r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cdn.Count);
        Assert.Null(cdn[0].Range);
        Assert.Equal("bytes=200000-", cdn[1].Range);
    }

    [Fact]
    public async Task ResumesAPartialFileLeftByAnEarlierProcess()
    {
        var repo = SafetensorsRepo("acme/partial");
        var etag = repo.Etag("model.safetensors");
        var blobs = Directory.CreateDirectory(Path.Combine(Folder.Home, "hub", "models--acme--partial", "blobs")).FullName;
        File.WriteAllBytes(Path.Combine(blobs, etag + ".incomplete"), repo.Files["model.safetensors"][..123_456]);

        var snapshot = await Fetch(Downloader(), "acme/partial");
        Assert.Equal(repo.Files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        Assert.Equal("bytes=123456-", Assert.Single(Hub.Requests, r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal)).Range);
        Assert.False(File.Exists(Path.Combine(blobs, etag + ".incomplete")));
    }

    [Fact]
    public async Task GivesUpAfterRepeatedCutsKeepingThePartialForTheNextTry()
    {
        var repo = SafetensorsRepo("acme/flaky", weightBytes: 600_000);
        repo.Cuts["model.safetensors"] = (HubClient.MaxAttempts, 50_000);
        var error = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "acme/flaky"));
        Assert.Equal(HubErrorKind.Unreachable, error.Kind);
        var incomplete = Path.Combine(Folder.Home, "hub", "models--acme--flaky", "blobs", repo.Etag("model.safetensors") + ".incomplete");
        Assert.Equal(HubClient.MaxAttempts * 50_000, new FileInfo(incomplete).Length);

        var snapshot = await Fetch(Downloader(), "acme/flaky");
        Assert.Equal(repo.Files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
    }

    [Fact]
    public async Task HubDowntimeFallsBackToTheCacheAndACdnHiccupIsRetried()
    {
        var repo = SafetensorsRepo("acme/down");
        await Fetch(Downloader(), "acme/down");
        repo.ApiUnavailable = 1;
        Assert.True((await Fetch(Downloader(), "acme/down")).FromCacheOnly);

        var hiccup = SafetensorsRepo("acme/hiccup");
        hiccup.CdnUnavailable = 1;
        var snapshot = await Fetch(Downloader(), "acme/hiccup");
        Assert.Equal(hiccup.Files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        Assert.Equal(2, Hub.Requests.Count(r => r.Path.StartsWith("/cdn/acme--hiccup/", StringComparison.Ordinal)));

        var never = SafetensorsRepo("acme/down-uncached");
        never.ApiUnavailable = 1;
        Assert.Equal(HubErrorKind.Unreachable, (await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "acme/down-uncached"))).Kind);
    }

    [Fact]
    public async Task CorruptDownloadIsDetectedAndNotCached()
    {
        var repo = SafetensorsRepo("acme/corrupt");
        repo.Corrupt.Add("model.safetensors");
        var error = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "acme/corrupt"));
        Assert.Equal(HubErrorKind.ChecksumMismatch, error.Kind);
        Assert.Contains(repo.Etag("model.safetensors"), error.Message, StringComparison.Ordinal);
        var blobs = Path.Combine(Folder.Home, "hub", "models--acme--corrupt", "blobs");
        Assert.False(File.Exists(Path.Combine(blobs, repo.Etag("model.safetensors"))));
        Assert.False(File.Exists(Path.Combine(blobs, repo.Etag("model.safetensors") + ".incomplete")));
    }

    [Fact]
    public async Task CorruptPlainGitFileIsDetectedByItsBlobId()
    {
        var repo = SafetensorsRepo("acme/corrupt-config");
        repo.Corrupt.Add("config.json");
        Assert.Equal(HubErrorKind.ChecksumMismatch, (await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "acme/corrupt-config"))).Kind);
    }

    [Fact]
    public async Task OfflineServesTheCacheAlone()
    {
        var repo = SafetensorsRepo("acme/offline");
        await Fetch(Downloader(), "acme/offline");
        var requests = Hub.Requests.Count;

        var snapshot = await Fetch(Downloader(offline: true), "acme/offline");
        Assert.True(snapshot.FromCacheOnly);
        Assert.Equal(repo.Commit, snapshot.Commit);
        Assert.Equal(["config.json", "tokenizer.json", "model.safetensors"], snapshot.Selection.Files);
        Assert.Equal(requests, Hub.Requests.Count);

        var error = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(offline: true), "acme/never-fetched"));
        Assert.Equal(HubErrorKind.NotCached, error.Kind);
        Assert.Contains("HF_HUB_OFFLINE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableHubFallsBackToTheCacheOrSaysSo()
    {
        SafetensorsRepo("acme/net");
        await Fetch(Downloader(), "acme/net");
        // A port nothing listens on: connection refused at once.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var deadEndpoint = $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop();

        Assert.True((await Fetch(Downloader(endpoint: deadEndpoint), "acme/net")).FromCacheOnly);
        var error = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(endpoint: deadEndpoint), "acme/other"));
        Assert.Equal(HubErrorKind.Unreachable, error.Kind);
        Assert.Contains(deadEndpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatedRepositoryNeedsTheLicenceAndAToken()
    {
        var repo = SafetensorsRepo("meta/gated");
        repo.GatedToken = "hf_good";

        var noToken = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "meta/gated"));
        Assert.Equal(HubErrorKind.Gated, noToken.Kind);
        Assert.Contains($"accept the licence at {Hub.Url}/meta/gated and log in (HF_TOKEN or `hf auth login`)", noToken.Message, StringComparison.Ordinal);
        Assert.Contains("No token was sent", noToken.Message, StringComparison.Ordinal);

        var wrong = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(token: "hf_bad"), "meta/gated"));
        Assert.Equal(HubErrorKind.Gated, wrong.Kind);
        Assert.Contains("HF_TOKEN", wrong.Message, StringComparison.Ordinal);

        // The token file `hf auth login` writes is read when HF_TOKEN is unset.
        await File.WriteAllTextAsync(Path.Combine(Folder.Home, "token"), "hf_good\n");
        var snapshot = await Fetch(Downloader(), "meta/gated");
        Assert.Equal(repo.Files["model.safetensors"], File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        Assert.Contains(Hub.Requests, r => r.Path.Contains("/resolve/", StringComparison.Ordinal) && r.Authorization == "Bearer hf_good");
    }

    [Fact]
    public async Task MissingRepositoryAndRevisionAreNamed()
    {
        SafetensorsRepo("acme/exists");
        var missing = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "acme/does-not-exist"));
        Assert.Equal(HubErrorKind.RepositoryNotFound, missing.Kind);
        Assert.Contains("acme/does-not-exist", missing.Message, StringComparison.Ordinal);

        var revision = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "acme/exists", "no-such-branch"));
        Assert.Equal(HubErrorKind.RevisionNotFound, revision.Kind);
        Assert.Contains("no-such-branch", revision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepositoryWithOnlyBinWeightsIsRefusedBeforeAnyDownload()
    {
        Hub.AddRepo("old/bert").Add("config.json", "{}").Add("pytorch_model.bin", Weights(100, 5), lfs: true);
        var error = await Assert.ThrowsAsync<HubException>(() => Fetch(Downloader(), "old/bert"));
        Assert.Equal(HubErrorKind.NoSupportedWeights, error.Kind);
        Assert.DoesNotContain(Hub.Requests, r => r.Path.Contains("/resolve/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoConcurrentFetchesShareOneDownload()
    {
        var repo = SafetensorsRepo("acme/race", weightBytes: 1_000_000);
        Hub.ChunkDelay = TimeSpan.FromMilliseconds(5);
        var results = await Task.WhenAll(Fetch(Downloader(), "acme/race"), Fetch(Downloader(), "acme/race"));
        Assert.All(results, s => Assert.Equal(repo.Files["model.safetensors"], File.ReadAllBytes(Path.Combine(s.Folder, "model.safetensors"))));
        Assert.Equal(1, Hub.CdnRequests(repo.Etag("model.safetensors")));
    }

    [Fact]
    public async Task GgufRepositoryFetchesOnlyTheChosenQuantization()
    {
        var repo = Hub.AddRepo("acme/tiny-GGUF")
            .Add("README.md", "x")
            .Add("tiny-Q4_K_M.gguf", Weights(4000, 6), lfs: true)
            .Add("tiny-Q8_0.gguf", Weights(8000, 7), lfs: true)
            .Add("tiny-F16.gguf", Weights(16000, 8), lfs: true);
        var chosen = await Fetch(Downloader(), "acme/tiny-GGUF");
        Assert.Equal(Path.Combine(chosen.Folder, "tiny-Q4_K_M.gguf"), chosen.GgufPath);
        Assert.Equal(["tiny-Q4_K_M.gguf"], Directory.GetFileSystemEntries(chosen.Folder).Select(Path.GetFileName));

        var tagged = await Fetch(Downloader(), "acme/tiny-GGUF", tag: "Q8_0");
        Assert.Equal(repo.Files["tiny-Q8_0.gguf"], File.ReadAllBytes(tagged.GgufPath!));
        Assert.Equal(0, Hub.CdnRequests(repo.Etag("tiny-F16.gguf")));
    }

    [Fact]
    public async Task SplitGgufDownloadsEveryPartAndLoadsTheFirst()
    {
        var repo = Hub.AddRepo("acme/big-GGUF")
            .Add("Q4_K_M/big-Q4_K_M-00001-of-00002.gguf", Weights(3000, 9), lfs: true)
            .Add("Q4_K_M/big-Q4_K_M-00002-of-00002.gguf", Weights(3000, 10), lfs: true)
            .Add("big-Q8_0.gguf", Weights(9000, 11), lfs: true);
        var snapshot = await Fetch(Downloader(), "acme/big-GGUF");
        Assert.Equal(Path.Combine(snapshot.Folder, "Q4_K_M", "big-Q4_K_M-00001-of-00002.gguf"), snapshot.GgufPath);
        var second = new FileInfo(Path.Combine(snapshot.Folder, "Q4_K_M", "big-Q4_K_M-00002-of-00002.gguf"));
        Assert.Equal($"../../../blobs/{repo.Etag("Q4_K_M/big-Q4_K_M-00002-of-00002.gguf")}", second.LinkTarget);
        Assert.Equal(repo.Files["Q4_K_M/big-Q4_K_M-00002-of-00002.gguf"], File.ReadAllBytes(second.FullName));
    }

    [Fact]
    public async Task SharedBlobsAreNotDownloadedTwiceAcrossCommits()
    {
        var repo = SafetensorsRepo("acme/commits");
        await Fetch(Downloader(), "acme/commits");
        repo.Commit = new string('c', 40);
        repo.Add("config.json", Encoding.UTF8.GetBytes("""{"changed":true}"""));
        var snapshot = await Fetch(Downloader(), "acme/commits");
        Assert.Equal(new string('c', 40), File.ReadAllText(Path.Combine(Folder.Home, "hub", "models--acme--commits", "refs", "main")));
        Assert.Equal(1, Hub.CdnRequests(repo.Etag("model.safetensors")));
        Assert.Equal("""{"changed":true}""", File.ReadAllText(Path.Combine(snapshot.Folder, "config.json")));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Synapse.Testing.Hub;

/// <summary>A repository served by <see cref="FakeHub"/>: files (LFS or plain git), revisions, access rules and faults.</summary>
public sealed class FakeRepo(string id)
{
    public string Id { get; } = id;

    public string Commit { get; set; } = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id + "@main")));

    /// <summary>Branch and tag names besides the commit itself.</summary>
    public Dictionary<string, string> Revisions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Files stored in LFS (ETag = sha256, served through the CDN redirect); others are plain git files.</summary>
    public HashSet<string> Lfs { get; } = new(StringComparer.Ordinal);

    /// <summary>The token that unlocks a gated repository; null means ungated.</summary>
    public string? GatedToken { get; set; }

    /// <summary>Files whose next N CDN responses are cut after the given number of bytes.</summary>
    public Dictionary<string, (int Times, int AfterBytes)> Cuts { get; } = new(StringComparer.Ordinal);

    /// <summary>Answer the next N listing requests with 503 (hub downtime).</summary>
    public int ApiUnavailable { get; set; }

    /// <summary>Answer the next N CDN requests with 503.</summary>
    public int CdnUnavailable { get; set; }

    /// <summary>Files the CDN serves with one byte flipped.</summary>
    public HashSet<string> Corrupt { get; } = new(StringComparer.Ordinal);

    public FakeRepo Add(string path, byte[] content, bool lfs = false)
    {
        Files[path] = content;
        if (lfs)
        {
            Lfs.Add(path);
        }

        return this;
    }

    public FakeRepo Add(string path, string content) => Add(path, Encoding.UTF8.GetBytes(content));

    /// <summary>Serves every file of a local model folder (safetensors through LFS, as real repositories store them).</summary>
    public FakeRepo AddFolder(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            Add(relative, File.ReadAllBytes(file), lfs: relative.EndsWith(".safetensors", StringComparison.Ordinal) || relative.EndsWith(".model", StringComparison.Ordinal));
        }

        return this;
    }

    public string Etag(string path) => Lfs.Contains(path) ? Sha256(Files[path]) : GitBlobId(Files[path]);

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string GitBlobId(byte[] data) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {data.Length}\0"), .. data]));

    public string? ResolveRevision(string revision) =>
        revision == "main" || revision == Commit ? Commit : Revisions.GetValueOrDefault(revision);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Synapse.Models.Conversion;

namespace Synapse.Models.Hub;

/// <summary>
/// GGUF files Synapse converted, next to the hub cache under <c>$HF_HOME/synapse/gguf</c>:
/// <c>models--org--name/{commit}/{name}-{QUANT}.gguf</c> for a hub repository, and
/// <c>local/{folder}-{path hash}/{content hash}/{folder}-{QUANT}.gguf</c> for a local folder (the content hash covers the
/// folder's file names, sizes and modification times, so an edited folder converts again).
/// </summary>
public sealed class ConvertedModelCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string HubPath(string repoId, string commit, ModelQuantization quantization) =>
        Path.Combine(Root, HubCacheLayout.RepoFolderName(repoId), commit, $"{RepoName(repoId)}-{quantization.Name()}.gguf");

    /// <summary>Every converted file of <paramref name="repoId"/> (all commits and quantizations).</summary>
    public string RepoFolder(string repoId) => Path.Combine(Root, HubCacheLayout.RepoFolderName(repoId));

    public string LocalPath(string folder, ModelQuantization quantization)
    {
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var name = Path.GetFileName(full);
        var content = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(full).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            content.Append(CultureInfo.InvariantCulture, $"{info.Name}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\n");
        }

        return Path.Combine(Root, "local", $"{name}-{Hash(full)}", Hash(content.ToString()), $"{name}-{quantization.Name()}.gguf");
    }

    private static string RepoName(string repoId) => repoId[(repoId.LastIndexOf('/') + 1)..];

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

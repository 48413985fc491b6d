using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Synapse.WebConsole.Assets;

/// <summary>
/// The console's files, read once from this assembly's resources (the build embeds client/dist as console/…,
/// each file with its .br and .gz copies) and kept in memory: a few hundred kilobytes, served without touching disk.
/// </summary>
public sealed class ConsoleAssets
{
    private const string Prefix = "console/";
    private readonly FrozenDictionary<string, ConsoleAsset> _assets;

    public ConsoleAssets() : this(typeof(ConsoleAssets).Assembly)
    {
    }

    internal ConsoleAssets(Assembly assembly)
    {
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name.EndsWith(".br", StringComparison.Ordinal) || name.EndsWith(".gz", StringComparison.Ordinal))
            {
                continue;
            }

            var path = name[Prefix.Length..];
            var content = Read(assembly, name)!;
            var type = types.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript" or "application/json")
            {
                type += "; charset=utf-8";
            }

            var etag = "\"" + Convert.ToBase64String(SHA256.HashData(content), 0, 16) + "\"";
            assets[path] = new ConsoleAsset(path, type, content,
                names.Contains(name + ".br") ? Read(assembly, name + ".br") : null,
                names.Contains(name + ".gz") ? Read(assembly, name + ".gz") : null, etag);
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The page itself; absent only from a build that skipped the client (then / says so).</summary>
    public ConsoleAsset? Index => Find("index.html");

    public IEnumerable<ConsoleAsset> All => _assets.Values;

    public ConsoleAsset? Find(string path) => _assets.GetValueOrDefault(path);

    private static byte[]? Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

namespace Synapse.WebConsole.Assets;

/// <summary>
/// One file of the console's page, with the precompressed copies the build made of it (null where compressing did
/// not pay) and the strong ETag of its bytes.
/// </summary>
public sealed record ConsoleAsset(string Path, string ContentType, byte[] Content, byte[]? Brotli, byte[]? Gzip, string ETag)
{
    /// <summary>Files under assets/ carry a hash of their content in their name, so they never change and are cached for good.</summary>
    public bool Immutable => Path.StartsWith("assets/", StringComparison.Ordinal);
}

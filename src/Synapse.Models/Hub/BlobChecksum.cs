using System.Security.Cryptography;
using System.Text;

namespace Synapse.Models.Hub;

/// <summary>
/// Checks a download against its ETag: a 64-hex ETag is the LFS sha256 of the content; a 40-hex one is the git blob id,
/// sha1 of <c>"blob {size}\0"</c> and the content. (huggingface_hub itself checks only the size; a blob is named after
/// its ETag, so a wrong byte would otherwise sit in the shared cache under a name that promises other content.)
/// </summary>
public sealed class BlobChecksum : IDisposable
{
    private readonly IncrementalHash? _hash;

    public BlobChecksum(string etag, long size)
    {
        Etag = etag;
        if (etag.Length == 64 && IsHex(etag))
        {
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Algorithm = "sha256";
        }
        else if (etag.Length == 40 && IsHex(etag))
        {
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            _hash.AppendData(Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"blob {size}\0")));
            Algorithm = "git-sha1";
        }
    }

    public string Etag { get; }

    /// <summary>"sha256", "git-sha1", or null when the ETag is neither (then only the size is checked).</summary>
    public string? Algorithm { get; }

    public void Append(ReadOnlySpan<byte> data) => _hash?.AppendData(data);

    /// <summary>The hex digest when it differs from the ETag, else null.</summary>
    public string? Mismatch()
    {
        if (_hash is null)
        {
            return null;
        }

        var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        return string.Equals(actual, Etag, StringComparison.OrdinalIgnoreCase) ? null : actual;
    }

    public void Dispose() => _hash?.Dispose();

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}

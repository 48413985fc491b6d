using System.Security.Cryptography;
using System.Text;

namespace Synapse.Hosting.Security;

/// <summary>
/// Checks a key against a set in constant time: every key is compared as a SHA-256 digest (so lengths leak nothing),
/// whether or not an earlier one matched.
/// </summary>
internal sealed class ApiKeySet(IEnumerable<string> keys)
{
    private readonly byte[][] _digests = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    public bool Enabled => _digests.Length > 0;

    public bool Contains(ReadOnlySpan<char> key)
    {
        Span<byte> digest = stackalloc byte[32];
        var bytes = new byte[Encoding.UTF8.GetByteCount(key)];
        Encoding.UTF8.GetBytes(key, bytes);
        SHA256.HashData(bytes, digest);
        var match = false;
        foreach (var expected in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, expected);
        }

        return match;
    }
}

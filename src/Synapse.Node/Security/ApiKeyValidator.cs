using System.Security.Cryptography;
using System.Text;
using Synapse.Node.Configuration;

namespace Synapse.Node.Security;

/// <summary>
/// Checks bearer keys in constant time: every configured key is compared (as SHA-256 digests, so lengths leak
/// nothing) whether or not an earlier one matched.
/// </summary>
public sealed class ApiKeyValidator
{
    private readonly byte[][] _digests;

    public ApiKeyValidator(NodeOptions options)
    {
        _digests = options.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();
    }

    public bool Enabled => _digests.Length > 0;

    public bool IsValid(ReadOnlySpan<char> key)
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

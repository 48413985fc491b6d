using System.Security.Cryptography;
using System.Text;

namespace Synapse.LoadBalancer.Security;

/// <summary>Checks a bearer key against a set in constant time (SHA-256 digests, every key compared).</summary>
public sealed class KeyCheck(IEnumerable<string> keys)
{
    private readonly byte[][] _digests = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

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

    /// <summary>The key of an <c>Authorization: Bearer</c> header, or null when the header is absent or another scheme.</summary>
    public static string? BearerKey(string? header, out bool present)
    {
        present = !string.IsNullOrWhiteSpace(header);
        const string scheme = "Bearer ";
        return present && header!.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }
}

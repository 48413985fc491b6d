using System.Security.Cryptography;
using System.Text;
using Synapse.OpenAI.Responses;

namespace Synapse.LoadBalancer.Responses;

/// <summary>
/// Each node's route tag: what the ids of the responses it stores carry (<see cref="ResponseIds"/>), so a later
/// request naming such an id reaches it. A hash of the node's id (its host:port or configured name), so the same
/// configuration gives the same tags after a balancer restart, and balancers sharing a fleet agree, without any state.
/// </summary>
public static class RouteTags
{
    /// <summary>Characters of a tag: 12 base32 characters, 60 bits, so two nodes of one fleet practically never share one.</summary>
    public const int Length = 12;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string For(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        // Lowercase: YARP matches destination ids without regard to case, so the tag does too.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(nodeId.ToLowerInvariant()));
        var tag = new char[Length];
        // Five bits per character, read from the hash's first bytes.
        for (var i = 0; i < Length; i++)
        {
            var bit = i * 5;
            var value = ((hash[bit / 8] << 8) | hash[(bit / 8) + 1]) >> (11 - (bit % 8));
            tag[i] = Alphabet[value & 31];
        }

        var result = new string(tag);
        System.Diagnostics.Debug.Assert(ResponseIds.IsValidRouteTag(result));
        return result;
    }
}

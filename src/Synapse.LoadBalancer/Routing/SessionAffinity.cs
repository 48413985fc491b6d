using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Routing;

/// <summary>
/// Picks a session's node by rendezvous hashing (consistent hashing without a ring): each node scores
/// hash(session, node) and the highest score among the nodes able to take the request wins. A session stays on its
/// node while that node can take it; when it cannot (unhealthy, drained, already tried), only its sessions move,
/// each to its next-highest node, and they come back when it returns. No state: every balancer agrees.
/// </summary>
public static class SessionAffinity
{
    public static DestinationState Pick(IReadOnlyList<DestinationState> candidates, string sessionKey)
    {
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Count);
        var session = Hash(sessionKey, 0xcbf29ce484222325);
        var best = candidates[0];
        var bestScore = Score(session, best.DestinationId);
        for (var i = 1; i < candidates.Count; i++)
        {
            var score = Score(session, candidates[i].DestinationId);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(candidates[i].DestinationId, best.DestinationId) < 0))
            {
                best = candidates[i];
                bestScore = score;
            }
        }

        return best;
    }

    private static ulong Score(ulong session, string nodeId) => Mix(Hash(nodeId, session));

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes and runs, unlike string.GetHashCode.</summary>
    private static ulong Hash(string text, ulong seed)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x100000001b3;
        }

        return hash;
    }

    /// <summary>SplitMix64's finalizer: FNV's low bits mix poorly, and the score compares whole values.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9;
        value = (value ^ (value >> 27)) * 0x94d049bb133111eb;
        return value ^ (value >> 31);
    }
}

namespace Synapse.LoadBalancer.Routing;

/// <summary>One node as the prefix policy weighs it: requests in flight, characters of the request its tree holds, tree size.</summary>
public readonly record struct PrefixCandidate(int Load, int Matched, long TreeCharacters);

namespace Synapse.LoadBalancer.Discovery;

/// <summary>One node as an EndpointSlice lists it: its pod's name, its URL and its conditions.</summary>
/// <param name="Ready">Ready and not terminating: it may take new requests.</param>
public sealed record KubernetesEndpoint(string Name, Uri Url, bool Ready);

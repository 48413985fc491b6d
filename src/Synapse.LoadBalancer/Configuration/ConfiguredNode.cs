namespace Synapse.LoadBalancer.Configuration;

/// <summary>A node named by configuration: an id (the YARP destination name, or host:port) and its base URL.</summary>
public sealed record ConfiguredNode(string Id, Uri Url);

namespace Synapse.Node.Configuration;

/// <summary>A setting is missing or invalid; the node refuses to start and prints only this message.</summary>
public sealed class NodeConfigurationException(string message) : Exception(message);

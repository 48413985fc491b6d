namespace Synapse.LoadBalancer.Configuration;

/// <summary>A setting is missing or invalid; the balancer refuses to start and prints only this message.</summary>
public sealed class BalancerConfigurationException(string message) : Exception(message);

namespace Synapse.LoadBalancer.Admin;

/// <summary>What one node told the balancer about itself when asked for the dashboard.</summary>
public sealed record NodeReport(string? Reason, IReadOnlyDictionary<string, double> Metrics);

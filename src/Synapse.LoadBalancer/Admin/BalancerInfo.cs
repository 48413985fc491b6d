namespace Synapse.LoadBalancer.Admin;

/// <summary>The balancer part of /admin/status.</summary>
public sealed record BalancerInfo(string Policy, double UptimeSeconds);

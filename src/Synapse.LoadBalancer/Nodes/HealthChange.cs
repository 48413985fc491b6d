namespace Synapse.LoadBalancer.Nodes;

/// <summary>A node's health moved from one state to another, and why (for the log).</summary>
public sealed record HealthChange(BackendNode Node, NodeHealth From, NodeHealth To, string Reason);

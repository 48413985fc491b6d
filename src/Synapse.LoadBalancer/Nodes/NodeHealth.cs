namespace Synapse.LoadBalancer.Nodes;

/// <summary>What the checks last concluded about a node; only <see cref="Healthy"/> nodes receive requests.</summary>
public enum NodeHealth
{
    /// <summary>Not checked yet; treated as unhealthy.</summary>
    Unknown,
    Healthy,
    Unhealthy,
    /// <summary>The node answers /health/ready with 503 "loading": up, model not ready.</summary>
    Loading,
    /// <summary>The node answers /health/ready with 503 "draining": it is shutting down.</summary>
    ShuttingDown,
}

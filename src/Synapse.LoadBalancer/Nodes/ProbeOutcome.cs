namespace Synapse.LoadBalancer.Nodes;

/// <summary>The answer of one active check of <c>/health/ready</c>.</summary>
public enum ProbeOutcome
{
    Ready,
    Loading,
    ShuttingDown,
    Failed,
}

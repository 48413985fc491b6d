namespace Synapse.LoadBalancer.Tests.Infrastructure;

/// <summary>What a fake node's /health/ready answers.</summary>
public enum ReadyBehaviour
{
    Ready,
    Loading,
    Failing,

    /// <summary>Never answers (the connection stays open): a node whose link was cut.</summary>
    Silent,
}

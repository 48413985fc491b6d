namespace Synapse.LoadBalancer.Tests.Infrastructure;

/// <summary>What a fake node's /health/ready answers.</summary>
public enum ReadyBehaviour
{
    Ready,
    Loading,
    Failing,
}

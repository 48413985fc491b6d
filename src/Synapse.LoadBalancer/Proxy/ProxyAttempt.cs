using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>One try of a request on one node: what the transformer and the stream guard learnt about it.</summary>
public sealed class ProxyAttempt(BackendNode node, bool mayRetryOverload)
{
    public BackendNode Node { get; } = node;

    /// <summary>Another node could take the request if this one answers 503 (queue full, loading, draining).</summary>
    public bool MayRetryOverload { get; } = mayRetryOverload;

    /// <summary>The node answered 503 and its body was dropped so the request can go to another node.</summary>
    public bool OverloadRetry { get; set; }

    /// <summary>The node failed after the stream had started; the guard ended it with an SSE error event.</summary>
    public Exception? StreamFailure { get; set; }
}

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// One try of a request on one node, set as a request feature by FailoverMiddleware before YARP's load balancing
/// picks the node: what the response transform and the stream guard learnt about it.
/// </summary>
public sealed class ProxyAttempt(bool mayRetryOverload)
{
    /// <summary>The node YARP picked (its destination id), once the response transform has run.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>Another node could take the request if this one answers 503 (queue full, loading, draining).</summary>
    public bool MayRetryOverload { get; } = mayRetryOverload;

    /// <summary>The node answered 503 and its body was dropped so the request can go to another node.</summary>
    public bool OverloadRetry { get; set; }

    /// <summary>
    /// The node was lost while this try waited for it (health checks stopped reaching it: a cut link, a dead
    /// machine): the try was cancelled, and without a response byte sent it goes to another node.
    /// </summary>
    public bool NodeLost { get; set; }

    /// <summary>The node failed after the stream had started; the guard ended it with an SSE error event.</summary>
    public Exception? StreamFailure { get; set; }
}

using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>One version of YARP's configuration, built from the node pool; signals its change when replaced.</summary>
public sealed class NodeProxyConfig : IProxyConfig
{
    private readonly CancellationTokenSource _changed = new();
    private readonly TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NodeProxyConfig? _previous;

    /// <param name="previous">The version this one replaces: YARP may skip straight to this one, which settles both.</param>
    public NodeProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, NodeProxyConfig? previous)
    {
        _previous = previous;
        Routes = routes;
        Clusters = clusters;
        ChangeToken = new CancellationChangeToken(_changed.Token);
    }

    public IReadOnlyList<RouteConfig> Routes { get; }

    public IReadOnlyList<ClusterConfig> Clusters { get; }

    public IChangeToken ChangeToken { get; }

    /// <summary>Completes once YARP has applied this version (or given up on it), so its destinations exist.</summary>
    public Task Applied => _applied.Task;

    public void MarkApplied()
    {
        _applied.TrySetResult();
        Interlocked.Exchange(ref _previous, null)?.MarkApplied();
    }

    public void SignalChange() => _changed.Cancel();
}

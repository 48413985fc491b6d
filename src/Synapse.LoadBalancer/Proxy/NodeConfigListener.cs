using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Nodes;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// Learns when YARP has applied a configuration version: binds each node to its <c>DestinationState</c> (where
/// its health and in-flight count live) and releases whoever waits for the version.
/// </summary>
public sealed partial class NodeConfigListener(NodePool pool, IServiceProvider services, ILogger<NodeConfigListener> logger) : IConfigChangeListener
{
    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
    }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
        LogFailed(exception.Message);
        Release(proxyConfigs);
    }

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        // Resolved here, not injected: the lookup is YARP's config manager, which depends on this listener.
        var lookup = (IProxyStateLookup?)services.GetService(typeof(IProxyStateLookup));
        if (lookup is not null && lookup.TryGetCluster(NodeProxyConfigProvider.ClusterId, out var cluster))
        {
            foreach (var node in pool.Snapshot)
            {
                node.Bind(cluster.Destinations.TryGetValue(node.Id, out var destination) ? destination : null);
            }
        }

        Release(proxyConfigs);
    }

    private static void Release(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        foreach (var config in proxyConfigs)
        {
            (config as NodeProxyConfig)?.MarkApplied();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "YARP could not apply the node configuration: {Reason}")]
    private partial void LogFailed(string reason);
}

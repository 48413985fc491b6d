using System.Diagnostics;
using System.Net;
using Synapse.LoadBalancer.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// The HTTP clients towards the nodes: one invoker for forwarded requests (no proxy, no redirects, no cookies, no
/// decompression: bytes pass as the node sent them) and one client for health checks and model polls, on separate
/// connection pools so checks never queue behind long generations.
/// </summary>
public sealed class NodeClients : IDisposable
{
    public NodeClients(BalancerOptions options)
    {
        Forwarder = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            EnableMultipleHttp2Connections = true,
        });
        Probes = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.HealthTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HttpMessageInvoker Forwarder { get; }

    public HttpClient Probes { get; }

    public void Dispose()
    {
        Forwarder.Dispose();
        Probes.Dispose();
    }
}

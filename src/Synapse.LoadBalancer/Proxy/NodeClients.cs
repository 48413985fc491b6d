using System.Net;
using Synapse.LoadBalancer.Configuration;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// The HTTP client for what YARP does not fetch itself: each node's <c>/v1/models</c>. Its own connection pool,
/// so polls never queue behind long generations.
/// </summary>
public sealed class NodeClients : IDisposable
{
    public NodeClients(BalancerOptions options)
    {
        Models = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.HealthTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HttpClient Models { get; }

    public void Dispose() => Models.Dispose();
}

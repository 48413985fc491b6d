using System.Net;
using Synapse.Hosting.Tls;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Health;
using Yarp.ReverseProxy.Forwarder;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// YARP's client towards the nodes (no proxy, no redirects, no cookies, no decompression: bytes pass as the node
/// sent them), plus what its cluster config cannot say: the connect timeout (SYNAPSE_CONNECT_TIMEOUT, so a node that
/// cannot be reached is given up quickly and the request tried elsewhere), the nodes' CA (SYNAPSE_NODE_CA) and the
/// buffering of health probe answers.
/// </summary>
public sealed class NodeHttpClientFactory(BalancerOptions options) : ForwarderHttpClientFactory
{
    private readonly CaTrust? _nodeCa = options.NodeCa is null ? null : CaTrust.FromPemFile(options.NodeCa);

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (_nodeCa is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = _nodeCa.Validate;
        }

        handler.ConnectTimeout = options.ConnectTimeout;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60);
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new ProbeBufferingHandler { InnerHandler = handler };
}

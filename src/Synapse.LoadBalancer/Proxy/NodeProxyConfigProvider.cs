using System.Net;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Health;
using Synapse.LoadBalancer.Nodes;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Synapse.LoadBalancer.Proxy;

/// <summary>
/// YARP's configuration, in memory and rebuilt from the node pool whenever it changes (SYNAPSE_NODES or the
/// ReverseProxy section reloaded, a node added or removed through the admin API, registered or expired) or the
/// policy does: one route (<c>/v1/**</c>) to one cluster whose destinations are the nodes, with the balancer's
/// load-balancing policy, active and passive health checks and request timeout.
/// </summary>
public sealed class NodeProxyConfigProvider : IProxyConfigProvider
{
    public const string ClusterId = "nodes";
    public const string RouteId = "openai";

    /// <summary>Proxied beside <c>/v1/**</c>.</summary>
    public static readonly IReadOnlyList<string> TokenizerPaths = ["/tokenize", "/detokenize"];
    public const string HealthPath = "/health/ready";

    private readonly NodePool _pool;
    private readonly BalancerOptions _options;
    private readonly Lock _lock = new();
    private NodeProxyConfig _config;

    public NodeProxyConfigProvider(NodePool pool, BalancerOptions options)
    {
        _pool = pool;
        _options = options;
        _config = Build(previous: null);
        pool.Changed += () => Update();
    }

    public IProxyConfig GetConfig() => Volatile.Read(ref _config);

    /// <summary>The latest version; its <see cref="NodeProxyConfig.Applied"/> says when YARP has taken it.</summary>
    public NodeProxyConfig Current => Volatile.Read(ref _config);

    /// <summary>Rebuilds the configuration from the pool and the options and hands it to YARP.</summary>
    public NodeProxyConfig Update()
    {
        NodeProxyConfig previous;
        NodeProxyConfig next;
        lock (_lock)
        {
            previous = _config;
            next = Build(previous);
            Volatile.Write(ref _config, next);
        }

        previous.SignalChange();
        return next;
    }

    public static string PolicyName(PolicyKind policy) => policy switch
    {
        PolicyKind.LeastRequests => LoadBalancingPolicies.LeastRequests,
        PolicyKind.PowerOfTwoChoices => LoadBalancingPolicies.PowerOfTwoChoices,
        PolicyKind.Prefix => Routing.PrefixPolicy.PolicyName,
        // YARP's own default is power-of-two; the balancer's is round-robin, so it is always named.
        _ => LoadBalancingPolicies.RoundRobin,
    };

    private NodeProxyConfig Build(NodeProxyConfig? previous)
    {
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in _pool.Snapshot)
        {
            destinations.TryAdd(node.Id, new DestinationConfig { Address = node.Prefix });
        }

        var cluster = new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = PolicyName(_options.Policy),
            Destinations = destinations,
            HealthCheck = new HealthCheckConfig
            {
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = _options.HealthInterval,
                    Timeout = _options.HealthTimeout,
                    Policy = NodeActiveHealthPolicy.PolicyName,
                    Path = HealthPath,
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = NodePassiveHealthPolicy.PolicyName,
                    ReactivationPeriod = NodePassiveHealthPolicy.ReactivationPeriod(_options),
                },
            },
            HttpRequest = new ForwarderRequestConfig
            {
                // YARP's default of 100 s would cut a long prompt or a long non-streaming generation.
                ActivityTimeout = _options.RequestTimeout,
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                AllowResponseBuffering = false,
            },
        };
        var route = new RouteConfig
        {
            RouteId = RouteId,
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = "/v1/{**rest}" },
        };
        // llama-server's and vLLM's root-level tokenizer endpoints, routed like /v1 by the body's `model`.
        RouteConfig[] tokenizer = [.. TokenizerPaths.Select(path => new RouteConfig
        {
            RouteId = RouteId + path.Replace('/', '-'),
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = path, Methods = ["POST"] },
        })];
        return new NodeProxyConfig([route, .. tokenizer], [cluster], previous);
    }
}

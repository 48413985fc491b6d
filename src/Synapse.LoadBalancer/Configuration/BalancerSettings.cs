using Synapse.Hosting.Settings;
using Synapse.LoadBalancer.Routing;

namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// The one table of the balancer's settings. The configuration sources, the validation messages, <c>synapse
/// balancer --help</c> and docs/configuration.md's balancer table are all derived from it.
/// </summary>
public static class BalancerSettings
{
    public const string Section = "Synapse";

    public static readonly BalancerSetting Nodes = new("SYNAPSE_NODES", "--nodes", "Nodes", "(none)",
        "Comma-separated node URLs (`http://host:8000,http://host:8001`); adds to the `ReverseProxy` section's destinations. Reloaded from appsettings.json without a restart.");
    public static readonly BalancerSetting Host = new("SYNAPSE_BALANCER_HOST", "--host", "BalancerHost", BalancerOptions.DefaultHost,
        "Address to listen on (shortcut for --urls).");
    public static readonly BalancerSetting Port = new("SYNAPSE_BALANCER_PORT", "--port", "BalancerPort", SettingDefault.Of(BalancerOptions.DefaultPort),
        "Port to listen on (shortcut for --urls; 0 picks a free port).");
    public static readonly BalancerSetting Policy = new("SYNAPSE_LB_POLICY", "--policy", "LoadBalancingPolicy", BalancerConfigurationReader.Name(BalancerOptions.DefaultPolicy),
        "How a node is picked: `round_robin`, `least_requests` (fewest in flight), `power_of_two` (the less busy of two random nodes) or `prefix` (the node that holds the longest prefix of the request in its cache, while load is even).");
    public static readonly BalancerSetting HealthInterval = new("SYNAPSE_HEALTH_INTERVAL", "--health-interval", "HealthIntervalSeconds", SettingDefault.Of(BalancerOptions.DefaultHealthInterval),
        "Seconds between active checks of each node's `/health/ready` (and `/v1/models`); fractions allowed.");
    public static readonly BalancerSetting HealthTimeout = new("SYNAPSE_HEALTH_TIMEOUT", "--health-timeout", "HealthTimeoutSeconds", SettingDefault.Of(BalancerOptions.DefaultHealthTimeout),
        "Seconds a health check may take before it counts as failed.");
    public static readonly BalancerSetting UnhealthyThreshold = new("SYNAPSE_HEALTH_UNHEALTHY_THRESHOLD", "--unhealthy-threshold", "UnhealthyThreshold", SettingDefault.Of(BalancerOptions.DefaultUnhealthyThreshold),
        "Consecutive failed checks that take a node out of the pool (a refused or reset connection takes it out at once).");
    public static readonly BalancerSetting HealthyThreshold = new("SYNAPSE_HEALTH_HEALTHY_THRESHOLD", "--healthy-threshold", "HealthyThreshold", SettingDefault.Of(BalancerOptions.DefaultHealthyThreshold),
        "Consecutive passed checks that bring an unhealthy node back.");
    public static readonly BalancerSetting Retries = new("SYNAPSE_RETRIES", "--retries", "Retries", SettingDefault.Of(BalancerOptions.DefaultRetries),
        "How many other nodes a request is retried on when its node fails before sending a response byte.");
    public static readonly BalancerSetting RequestTimeout = new("SYNAPSE_REQUEST_TIMEOUT", "--request-timeout", "RequestTimeoutSeconds", SettingDefault.Of(BalancerOptions.DefaultRequestTimeout),
        "Seconds a node may stay silent (no response byte) before the request fails with 504; long, so long prompts and generations are not cut.");
    public static readonly BalancerSetting ConnectTimeout = new("SYNAPSE_CONNECT_TIMEOUT", "--connect-timeout", "ConnectTimeoutSeconds", SettingDefault.Of(BalancerOptions.DefaultConnectTimeout),
        "Seconds to open a connection to a node before trying another.");
    public static readonly BalancerSetting ApiKeys = new("SYNAPSE_API_KEYS", "--api-keys", "ApiKeys", "(none: open)",
        "Comma-separated client API keys; when any is set, /v1/*, /tokenize and /detokenize need `Authorization: Bearer <key>`.");
    public static readonly BalancerSetting NodeApiKey = new("SYNAPSE_NODE_API_KEY", "--node-api-key", "NodeApiKey", "(none: client's header passed on)",
        "Key the balancer sends to the nodes (`Authorization: Bearer`) for proxied requests and model polls.");
    public static readonly BalancerSetting AdminKey = new("SYNAPSE_ADMIN_KEY", "--admin-key", "AdminKey", "(none: loopback only)",
        "Key for /admin/* (node list, add, drain, remove, status, registration); without it only loopback clients may use /admin.");
    public static readonly BalancerSetting MaxBodyBytes = new("SYNAPSE_MAX_BODY_BYTES", "--max-body-bytes", "MaxBodyBytes", SettingDefault.Of(BalancerOptions.DefaultMaxBodyBytes),
        "Largest request body accepted (bodies are held in memory to be replayed on another node); larger bodies get 413.");
    public static readonly BalancerSetting NodeHeader = new("SYNAPSE_NODE_HEADER", "--node-header", "NodeHeader", SettingDefault.Of(BalancerOptions.DefaultNodeHeader),
        "Add `X-Synapse-Node: <node id>` to every proxied response.");
    public static readonly BalancerSetting HeartbeatMisses = new("SYNAPSE_HEARTBEAT_MISSES", "--heartbeat-misses", "HeartbeatMisses", SettingDefault.Of(BalancerOptions.DefaultHeartbeatMisses),
        "Missed heartbeats after which a self-registered node is dropped.");
    public static readonly BalancerSetting SessionAffinity = new("SYNAPSE_SESSION_AFFINITY", "--session-affinity", "SessionAffinity", SettingDefault.Of(BalancerOptions.DefaultSessionAffinity),
        "A request with a session key (header `X-Session-ID`, else the body's `user`) goes to one node, picked by consistent hashing, while that node can take it; with any policy.");
    public static readonly BalancerSetting PrefixMatchThreshold = new("SYNAPSE_PREFIX_MATCH_THRESHOLD", "--prefix-match-threshold", "PrefixMatchThreshold", SettingDefault.Of(PrefixPolicyOptions.DefaultMatchThreshold),
        "`prefix` policy: share of a request's text (0-1) a node must already have been sent for the request to follow it.");
    public static readonly BalancerSetting PrefixBalanceAbsolute = new("SYNAPSE_PREFIX_BALANCE_ABS", "--prefix-balance-abs", "PrefixBalanceAbsolute", SettingDefault.Of(PrefixPolicyOptions.DefaultBalanceAbsolute),
        "`prefix` policy: in-flight requests by which the busiest node must exceed the least busy one (and by the relative limit) before the least busy one takes the request. The default is a node's default slot count: a smaller gap is no queue on 4-slot nodes; lower it for nodes with fewer slots.");
    public static readonly BalancerSetting PrefixBalanceRelative = new("SYNAPSE_PREFIX_BALANCE_REL", "--prefix-balance-rel", "PrefixBalanceRelative", SettingDefault.Of(PrefixPolicyOptions.DefaultBalanceRelative),
        "`prefix` policy: how many times the least busy node's in-flight requests the busiest must have (with the absolute limit) before load decides.");
    public static readonly BalancerSetting PrefixTreeCharacters = new("SYNAPSE_PREFIX_TREE_CHARS", "--prefix-tree-chars", "PrefixTreeCharacters", SettingDefault.Of(PrefixPolicyOptions.DefaultTreeCharacters),
        "`prefix` policy: characters of request text remembered per node; past it the least recently used are forgotten.");
    public static readonly BalancerSetting PrefixEntryLifetime = new("SYNAPSE_PREFIX_TTL", "--prefix-ttl", "PrefixTtlSeconds", SettingDefault.Of(PrefixPolicyOptions.DefaultEntryLifetime),
        "`prefix` policy: seconds a remembered prefix no request used is kept.");
    public static readonly BalancerSetting KubernetesService = new("SYNAPSE_K8S_SERVICE", "--k8s-service", "KubernetesService", "(none: off)",
        "Name of the nodes' Kubernetes Service: the balancer watches its EndpointSlices (in-cluster credentials) and adds ready endpoints, drains terminating ones and drops deleted ones.");
    public static readonly BalancerSetting KubernetesNamespace = new("SYNAPSE_K8S_NAMESPACE", "--k8s-namespace", "KubernetesNamespace", "(the pod's own namespace)",
        "Namespace of that Service.");
    public static readonly BalancerSetting KubernetesPort = new("SYNAPSE_K8S_PORT", "--k8s-port", "KubernetesPort", "(the slice's first port)",
        "Name of the EndpointSlice port the nodes serve on.");
    public static readonly BalancerSetting KubernetesScheme = new("SYNAPSE_K8S_SCHEME", "--k8s-scheme", "KubernetesScheme", BalancerOptions.DefaultKubernetesScheme,
        "`http` or `https`: how discovered nodes are reached.");
    public static readonly BalancerSetting TlsCertificate = new("SYNAPSE_TLS_CERT", "--tls-cert", "TlsCertificate", "(none: plain HTTP)",
        "PEM certificate file (chain after the leaf): the balancer listens on HTTPS with it. Needs SYNAPSE_TLS_KEY.");
    public static readonly BalancerSetting TlsKey = new("SYNAPSE_TLS_KEY", "--tls-key", "TlsKey", "(none)",
        "PEM private key file of SYNAPSE_TLS_CERT.");
    public static readonly BalancerSetting NodeCa = new("SYNAPSE_NODE_CA", "--node-ca", "NodeCa", "(none: the system's roots)",
        "PEM file of the CA certificates that sign the nodes' HTTPS certificates; with it, only those are trusted for `https://` nodes.");

    public static IReadOnlyList<BalancerSetting> All { get; } =
    [
        Nodes, Host, Port, Policy, HealthInterval, HealthTimeout, UnhealthyThreshold, HealthyThreshold, Retries,
        RequestTimeout, ConnectTimeout, ApiKeys, NodeApiKey, AdminKey, MaxBodyBytes, NodeHeader, HeartbeatMisses,
        SessionAffinity, PrefixMatchThreshold, PrefixBalanceAbsolute, PrefixBalanceRelative, PrefixTreeCharacters, PrefixEntryLifetime,
        KubernetesService, KubernetesNamespace, KubernetesPort, KubernetesScheme, TlsCertificate, TlsKey, NodeCa,
    ];

    /// <summary>Command-line switch mappings for <c>AddCommandLine</c>.</summary>
    public static IDictionary<string, string> SwitchMappings() => SettingsTable.SwitchMappings(All);

    /// <summary>The balancer table of docs/configuration.md.</summary>
    public static string ToMarkdownTable() => SettingsTable.ToMarkdownTable(All);
}

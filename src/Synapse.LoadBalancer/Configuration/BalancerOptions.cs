namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// The balancer's settings, checked at start (see <see cref="BalancerSettings"/>). Defaults and ranges live here;
/// the settings table's Default column and the reader's checks are written from them.
/// </summary>
public sealed class BalancerOptions
{
    public const string DefaultHost = "0.0.0.0";

    public const int DefaultPort = 5000;

    public const PolicyKind DefaultPolicy = PolicyKind.RoundRobin;

    public static readonly TimeSpan DefaultHealthInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultHealthTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The shortest health interval, health timeout, request timeout and connect timeout.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest of them: a day.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    public const int DefaultUnhealthyThreshold = 2;

    public const int DefaultHealthyThreshold = 1;

    /// <summary>The largest health threshold and heartbeat-miss count.</summary>
    public const int MaxThreshold = 1000;

    public const int DefaultRetries = 2;

    public const int MaxRetries = 100;

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(600);

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    public const long DefaultMaxBodyBytes = 10 * 1024 * 1024;

    public const long MinMaxBodyBytes = 1024;

    public const bool DefaultNodeHeader = true;

    public const int DefaultHeartbeatMisses = 3;

    public const string DefaultKubernetesScheme = "http";

    /// <summary>Where a pod finds its own namespace (the service account's mount).</summary>
    public const string PodNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    public string Urls { get; set; } = $"http://{DefaultHost}:{DefaultPort}";

    public PolicyKind Policy { get; set; } = DefaultPolicy;

    public TimeSpan HealthInterval { get; set; } = DefaultHealthInterval;

    public TimeSpan HealthTimeout { get; set; } = DefaultHealthTimeout;

    public int UnhealthyThreshold { get; set; } = DefaultUnhealthyThreshold;

    public int HealthyThreshold { get; set; } = DefaultHealthyThreshold;

    public int Retries { get; set; } = DefaultRetries;

    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    public string? NodeApiKey { get; set; }

    public string? AdminKey { get; set; }

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    public bool NodeHeader { get; set; } = DefaultNodeHeader;

    public int HeartbeatMisses { get; set; } = DefaultHeartbeatMisses;

    public const bool DefaultSessionAffinity = false;

    /// <summary>A request with a session key (X-Session-ID or the body's <c>user</c>) sticks to one node by consistent hashing.</summary>
    public bool SessionAffinity { get; set; } = DefaultSessionAffinity;

    /// <summary>The <c>prefix</c> policy's settings.</summary>
    public Synapse.LoadBalancer.Routing.PrefixPolicyOptions Prefix { get; set; } = new();
    /// <summary>The nodes' Service whose EndpointSlices are watched; null: no Kubernetes discovery.</summary>
    public string? KubernetesService { get; set; }

    public string KubernetesNamespace { get; set; } = "default";

    public string? KubernetesPort { get; set; }

    public string KubernetesScheme { get; set; } = DefaultKubernetesScheme;

    public string? TlsCertificate { get; set; }

    public string? TlsKey { get; set; }

    public string? NodeCa { get; set; }
}

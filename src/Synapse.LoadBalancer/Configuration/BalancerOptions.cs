namespace Synapse.LoadBalancer.Configuration;

/// <summary>The balancer's settings, validated at start (see <see cref="BalancerSettings"/>).</summary>
public sealed class BalancerOptions
{
    public string Urls { get; set; } = "http://0.0.0.0:5000";

    public PolicyKind Policy { get; set; } = PolicyKind.RoundRobin;

    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public int UnhealthyThreshold { get; set; } = 2;

    public int HealthyThreshold { get; set; } = 1;

    public int Retries { get; set; } = 2;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(600);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    public string? NodeApiKey { get; set; }

    public string? AdminKey { get; set; }

    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    public bool NodeHeader { get; set; } = true;

    public int HeartbeatMisses { get; set; } = 3;
}

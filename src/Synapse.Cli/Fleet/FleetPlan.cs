namespace Synapse.Cli.Fleet;

/// <summary>What <c>synapse up</c> starts: a balancer and <see cref="Nodes"/> nodes on consecutive ports.</summary>
public sealed record FleetPlan
{
    public const int DefaultNodes = 3;
    public const int DefaultNodePort = 8000;
    public const int DefaultBalancerPort = 5000;

    public int Nodes { get; init; } = DefaultNodes;

    /// <summary>Port of the first node; node i listens on <c>NodePort + i</c>.</summary>
    public int NodePort { get; init; } = DefaultNodePort;

    public int BalancerPort { get; init; } = DefaultBalancerPort;

    /// <summary>Address every process listens on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Arguments given to every node (model, slots, keys...).</summary>
    public IReadOnlyList<string> NodeArguments { get; init; } = [];

    /// <summary>Arguments given to the balancer (policy, keys...).</summary>
    public IReadOnlyList<string> BalancerArguments { get; init; } = [];

    /// <summary>The host the balancer dials a node on: a wildcard bind is reached on loopback.</summary>
    private string DialHost => Host is "0.0.0.0" or "::" or "[::]" or "*" or "+" ? "127.0.0.1" : Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? $"[{Host}]" : Host;

    public string NodeName(int index) => $"node-{NodePort + index}";

    public string NodeUrl(int index) => $"http://{DialHost}:{NodePort + index}";

    public string BalancerUrl => $"http://{DialHost}:{BalancerPort}";

    /// <summary>The command line of node <paramref name="index"/> after <c>synapse</c>; the fleet's own flags come last and win.</summary>
    public IReadOnlyList<string> NodeCommand(int index) =>
        ["node", .. NodeArguments, "--host", Host, "--port", (NodePort + index).ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public IReadOnlyList<string> BalancerCommand() =>
        ["balancer", "--nodes", string.Join(',', Enumerable.Range(0, Nodes).Select(NodeUrl)), .. BalancerArguments,
         "--host", Host, "--port", BalancerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

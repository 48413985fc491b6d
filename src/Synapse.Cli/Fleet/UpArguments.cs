using System.Globalization;
using Synapse.Cli.CommandLine;

namespace Synapse.Cli.Fleet;

/// <summary>
/// Splits <c>synapse up</c>'s command line: its own flags make the <see cref="FleetPlan"/>, <c>--balancer-arg X</c>
/// goes to the balancer, and everything else goes to every node untouched (so any node flag works, and the node
/// itself rejects bad ones).
/// </summary>
public static class UpArguments
{
    public static IReadOnlyList<CommandOption> Options { get; } =
    [
        new("--nodes", "Node processes to start.", "N") { Default = FleetPlan.DefaultNodes.ToString(CultureInfo.InvariantCulture) },
        new("--port", "Port of the first node; the others take the next ones.", "PORT") { Default = FleetPlan.DefaultNodePort.ToString(CultureInfo.InvariantCulture) },
        new("--balancer-port", "Port of the balancer.", "PORT") { Default = FleetPlan.DefaultBalancerPort.ToString(CultureInfo.InvariantCulture) },
        new("--host", "Address every process listens on.", "ADDRESS") { Default = "127.0.0.1" },
        new("--balancer-arg", "An argument for the balancer (repeat it: --balancer-arg --policy --balancer-arg least_requests).", "ARG") { Repeatable = true },
    ];

    /// <summary>Null when help was asked for.</summary>
    public static FleetPlan? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = new FleetPlan();
        var nodeArgs = new List<string>();
        var balancerArgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token is "-h" or "--help")
            {
                return null;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var name = token.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? token[..eq] : token;
            if (Options.All(o => o.Name != name))
            {
                nodeArgs.Add(token);
                continue;
            }

            string value;
            if (eq > 0 && name != token)
            {
                value = token[(eq + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"option '{name}' needs a value");
            }

            plan = name switch
            {
                "--nodes" => plan with { Nodes = ParseInt(name, value, 1, 64) },
                "--port" => plan with { NodePort = ParseInt(name, value, 1, 65535) },
                "--balancer-port" => plan with { BalancerPort = ParseInt(name, value, 1, 65535) },
                "--host" => plan with { Host = value },
                _ => plan,
            };
            if (name == "--balancer-arg")
            {
                balancerArgs.Add(value);
            }
        }

        if (plan.NodePort + plan.Nodes - 1 > 65535)
        {
            throw new UsageException($"--port {plan.NodePort} with --nodes {plan.Nodes} runs past port 65535");
        }

        if (plan.BalancerPort >= plan.NodePort && plan.BalancerPort < plan.NodePort + plan.Nodes)
        {
            throw new UsageException($"--balancer-port {plan.BalancerPort} is one of the nodes' ports ({plan.NodePort}-{plan.NodePort + plan.Nodes - 1})");
        }

        return plan with { NodeArguments = nodeArgs, BalancerArguments = balancerArgs };
    }

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"option '{name}' must be a whole number from {min} to {max}, got '{value}'");
}

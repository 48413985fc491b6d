namespace Synapse.EndToEnd.Infrastructure;

/// <summary>Node processes on free loopback ports behind one balancer process; nodes are ready and healthy before tests run.</summary>
public sealed class Fleet : IAsyncDisposable
{
    private Fleet(IReadOnlyList<NodeProcess> nodes, BalancerProcess balancer)
    {
        Nodes = nodes;
        Balancer = balancer;
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    public BalancerProcess Balancer { get; }

    /// <summary>Node arguments of the simulated engine: no model file, 50 tokens/s per request, 4 slots.</summary>
    public static string[] SimulatedNode(string model = "sim-model") =>
        ["--engine", "simulated", "--model", model, "--sim-tokens-per-second", "50", "--parallel", "4", "--shutdown-grace", "1"];

    public static async Task<Fleet> StartAsync(IReadOnlyList<string[]> nodeArguments, params string[] balancerArguments)
    {
        var nodes = nodeArguments.Select(args => new NodeProcess(Ports.Free(), args)).ToList();
        try
        {
            foreach (var node in nodes)
            {
                node.Start();
            }

            // Nodes first: the balancer checks them once before it listens, and logs the ones it found healthy.
            await Task.WhenAll(nodes.Select(n => n.WaitReadyAsync()));
            var balancer = await BalancerProcess.StartAsync(nodes.Select(n => n.Url), balancerArguments);
            var fleet = new Fleet(nodes, balancer);
            await fleet.WaitAllHealthyAsync();
            return fleet;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    public async Task WaitAllHealthyAsync()
    {
        foreach (var node in Nodes)
        {
            await Balancer.WaitForHealthAsync(node.Id, "healthy");
        }
    }

    /// <summary>Starts a killed node again on its port and waits until the balancer has it back.</summary>
    public async Task RestartAsync(NodeProcess node)
    {
        if (node.Process is { } old)
        {
            await old.DisposeAsync();
        }

        node.Start();
        await node.WaitReadyAsync();
        await Balancer.WaitForHealthAsync(node.Id, "healthy");
    }

    public async ValueTask DisposeAsync()
    {
        await Balancer.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}

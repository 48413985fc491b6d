using Microsoft.Extensions.Hosting;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Admin;

/// <summary>Drops a self-registered node once it has missed SYNAPSE_HEARTBEAT_MISSES heartbeats in a row.</summary>
public sealed class RegistrationReaper(NodePool pool, BalancerOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var node in pool.Snapshot)
        {
            if (node.Source == NodeSource.Registered && now - node.LastHeartbeat > node.HeartbeatInterval * options.HeartbeatMisses)
            {
                pool.Remove(node.Id, $"missed {options.HeartbeatMisses} heartbeats (every {node.HeartbeatInterval.TotalSeconds:0.###} s)");
                // Silent for that long, it is gone: tries still waiting on it move to other nodes.
                node.MarkLost();
            }
        }
    }
}

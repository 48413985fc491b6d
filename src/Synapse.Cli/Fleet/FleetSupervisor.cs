using Synapse.Cli.CommandLine;

namespace Synapse.Cli.Fleet;

/// <summary>
/// Runs a <see cref="FleetPlan"/>: starts the nodes and the balancer as child processes, forwards their logs, and on
/// Ctrl+C/SIGTERM stops them all (SIGTERM, or on Windows a stop line on each child's standard input, so nodes drain;
/// killed after the grace period). A child that exits on its
/// own is reported; the fleet keeps going while the balancer and at least one node run, and stops otherwise.
/// </summary>
public sealed class FleetSupervisor(FleetPlan plan, SelfLauncher launcher, TextWriter output)
{
    /// <summary>A node's default drain (SYNAPSE_SHUTDOWN_GRACE, 30 s) plus time to exit.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How the children are asked to stop: <see cref="ChildProcess.DefaultStopMode"/> unless a test picks one.</summary>
    public ChildStopMode StopMode { get; init; } = ChildProcess.DefaultStopMode;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var log = new PrefixedLog(output);
        var children = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < plan.Nodes; i++)
            {
                children.Add(ChildProcess.Start(plan.NodeName(i), launcher, plan.NodeCommand(i), log, StopMode));
            }

            var balancer = ChildProcess.Start("balancer", launcher, plan.BalancerCommand(), log, StopMode);
            children.Add(balancer);
            log.Write("up", $"balancer on {plan.BalancerUrl} (OpenAI API at {plan.BalancerUrl}/v1) in front of {plan.Nodes} node(s): " +
                string.Join(", ", Enumerable.Range(0, plan.Nodes).Select(plan.NodeUrl)) + "; Ctrl+C stops them all");
            return await SuperviseAsync(children, balancer, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await StopAllAsync(children, log).ConfigureAwait(false);
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    private static async Task<int> SuperviseAsync(List<ChildProcess> children, ChildProcess balancer, PrefixedLog log, CancellationToken cancellationToken)
    {
        var running = new List<ChildProcess>(children);
        var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
        while (true)
        {
            var exited = running.Select(c => (Task)c.Exited).ToList();
            var first = await Task.WhenAny([stopped, .. exited]).ConfigureAwait(false);
            if (first == stopped)
            {
                log.Write("up", "stopping the fleet");
                return ExitCodes.Ok;
            }

            var child = running.First(c => c.Exited == first);
            running.Remove(child);
            log.Write("up", $"{child.Name} exited unexpectedly with code {child.Exited.Result}");
            if (child == balancer)
            {
                log.Write("up", "the balancer is gone; stopping the nodes");
                return ExitCodes.Failure;
            }

            if (!running.Any(c => c != balancer))
            {
                log.Write("up", "no node is left; stopping the balancer");
                return ExitCodes.Failure;
            }
        }
    }

    private async Task StopAllAsync(List<ChildProcess> children, PrefixedLog log)
    {
        // All at once: the balancer stops taking requests while the nodes finish theirs.
        var stops = children.Where(c => !c.Exited.IsCompleted).Select(async c =>
        {
            var code = await c.StopAsync(StopGrace).ConfigureAwait(false);
            log.Write("up", $"{c.Name} stopped (exit code {code})");
        });
        await Task.WhenAll(stops).ConfigureAwait(false);
    }
}

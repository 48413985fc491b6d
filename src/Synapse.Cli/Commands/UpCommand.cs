using System.Runtime.InteropServices;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Fleet;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse up</c>: a local fleet in one command: the balancer on port 5000 and N nodes on 8000+, each a child
/// process of this same <c>synapse</c>, with their logs prefixed and interleaved; Ctrl+C or SIGTERM stops them all.
/// </summary>
public sealed class UpCommand(SelfLauncher? launcher = null) : ICommand
{
    private const string Usage = "synapse up [--nodes N] [options] [node options...]";

    private const string Description =
        "Starts the load balancer and N nodes on this machine, each in its own process, and streams their logs\n" +
        "prefixed with [balancer] / [node-PORT]. Every option not listed here goes to each node (e.g. --model,\n" +
        "--parallel, --threads; see 'synapse node --help'), and the environment, .env and appsettings.json reach\n" +
        "every process as usual (MODEL_NAME, SYNAPSE_API_KEYS, ...). The balancer knows the nodes from --nodes.\n" +
        "Ctrl+C (or SIGTERM) stops them all: nodes finish running requests first. On a CPU-only machine give each\n" +
        "node a share of the cores (--threads).";

    public string Name => "up";

    public string Summary => "Run a local fleet: the balancer (port 5000) and N nodes (ports 8000+) in one command.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        FleetPlan? plan;
        try
        {
            plan = UpArguments.Parse(args);
        }
        catch (UsageException exception)
        {
            context.Error.WriteLine($"error: {exception.Message}");
            context.Error.WriteLine();
            HelpWriter.Write(context.Error, Usage, Description, UpArguments.Options);
            return ExitCodes.Usage;
        }

        if (plan is null)
        {
            HelpWriter.Write(context.Out, Usage, Description, UpArguments.Options);
            return ExitCodes.Ok;
        }

        // Ctrl+C arrives through the context's token; SIGTERM (systemd, docker stop, kill) must stop the children too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        var supervisor = new FleetSupervisor(plan, launcher ?? SelfLauncher.Current(), context.Out);
        // A fleet stopped on request exits 0; one that lost its balancer or every node exits 1.
        return await supervisor.RunAsync(stop.Token).ConfigureAwait(false);
    }
}

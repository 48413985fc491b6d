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
        "Ctrl+C (or SIGTERM; on Windows also closing the console) stops them all: nodes finish running requests\n" +
        "first (on Windows each child is asked through its standard input). On a CPU-only machine give each\n" +
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

        // Ctrl+C arrives through the context's token; SIGTERM (systemd, docker stop, kill; a shutdown or log-off on
        // Windows) must stop the children too, and so must closing the console window on Windows (SIGHUP there).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var finished = new ManualResetEventSlim();
        using var sigterm = Register(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        using var consoleClosed = OperatingSystem.IsWindows() ? Register(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
            // Windows ends the process once this handler returns: hold it while the children drain.
            finished.Wait();
        }) : null;
        var supervisor = new FleetSupervisor(plan, launcher ?? SelfLauncher.Current(), context.Out);
        try
        {
            // A fleet stopped on request exits 0; one that lost its balancer or every node exits 1.
            return await supervisor.RunAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            finished.Set();
        }
    }

    private static PosixSignalRegistration? Register(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, handler);
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}

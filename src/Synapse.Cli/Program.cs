using Synapse.Bench.CommandLine;
using Synapse.Cli;
using Synapse.Cli.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks the running command to stop cleanly; a second one falls through and ends the process.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};

try
{
    var cli = new SynapseCli(CommandCatalog.All());
    return await cli.RunAsync(args, new CommandContext(Console.Out, Console.Error, cancel.Token));
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return ExitCodes.Cancelled;
}

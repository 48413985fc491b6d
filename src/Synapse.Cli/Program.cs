using Synapse.Cli;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;

return await ConsoleEntry.RunAsync(
    cancellationToken => new SynapseCli(CommandCatalog.All()).RunAsync(args, new CommandContext(Console.Out, Console.Error, cancellationToken) { ErrorIsTerminal = !Console.IsErrorRedirected }));

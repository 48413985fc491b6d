using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;

namespace Synapse.Cli.Tests.Infrastructure;

/// <summary>Runs <c>synapse</c> in process with every command, as its entry point does, and keeps what it wrote.</summary>
public static class CliRun
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(args, new CommandContext(output, error, CancellationToken.None));
        return (code, output.ToString(), error.ToString());
    }
}

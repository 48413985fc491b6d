using System.Reflection;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;

namespace Synapse.Cli;

/// <summary>
/// The <c>synapse</c> entry point: picks the subcommand, answers <c>--help</c>, <c>help [command]</c> and
/// <c>--version</c>, and turns an unknown command or option into a message, the usage and exit code 2.
/// </summary>
public sealed class SynapseCli(IReadOnlyList<ICommand> commands)
{
    public static string Version { get; } = ReadVersion();

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        if (args.Count == 0)
        {
            WriteUsage(context.Error);
            return ExitCodes.Usage;
        }

        var first = args[0];
        switch (first)
        {
            case "-h" or "--help":
                WriteUsage(context.Out);
                return ExitCodes.Ok;
            case "--version":
                context.Out.WriteLine($"synapse {Version}");
                return ExitCodes.Ok;
            case "help" when args.Count == 1:
                WriteUsage(context.Out);
                return ExitCodes.Ok;
            case "help":
                return await Dispatch(args[1], ["--help"], context).ConfigureAwait(false);
        }

        if (first.StartsWith('-'))
        {
            return Fail(context, $"unknown option '{first}'");
        }

        return await Dispatch(first, args.Skip(1).ToArray(), context).ConfigureAwait(false);
    }

    private async Task<int> Dispatch(string name, IReadOnlyList<string> rest, CommandContext context)
    {
        var command = commands.FirstOrDefault(c => c.Name == name);
        if (command is null)
        {
            var close = commands.FirstOrDefault(c => c.Name.StartsWith(name, StringComparison.Ordinal) || name.StartsWith(c.Name, StringComparison.Ordinal));
            return Fail(context, $"unknown command '{name}'{(close is null ? "" : $" (did you mean '{close.Name}'?)")}");
        }

        try
        {
            return await command.RunAsync(rest, context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            context.Error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
    }

    private int Fail(CommandContext context, string message)
    {
        context.Error.WriteLine($"error: {message}");
        context.Error.WriteLine();
        WriteUsage(context.Error);
        return ExitCodes.Usage;
    }

    private void WriteUsage(TextWriter writer)
    {
        writer.WriteLine("Usage: synapse <command> [options]");
        writer.WriteLine();
        writer.WriteLine("Synapse serves open-source LLMs through an OpenAI-compatible API.");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        var width = commands.Max(c => c.Name.Length) + 2;
        foreach (var command in commands)
        {
            writer.WriteLine($"  {command.Name.PadRight(width)}{command.Summary}");
        }

        writer.WriteLine();
        writer.WriteLine("Options:");
        writer.WriteLine("  -h, --help   Show this help; 'synapse help <command>' or 'synapse <command> --help' for a command.");
        writer.WriteLine("  --version    Show the version.");
    }

    private static string ReadVersion()
    {
        var version = typeof(SynapseCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}

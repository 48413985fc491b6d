namespace Synapse.Cli.Commands;

/// <summary>
/// One <c>synapse</c> subcommand. A new command is one class implementing this, listed in
/// <see cref="CommandCatalog"/>; it parses its own arguments and returns the process exit code.
/// </summary>
public interface ICommand
{
    /// <summary>The word typed after <c>synapse</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>synapse --help</c>.</summary>
    string Summary { get; }

    /// <summary>Runs with the arguments after the command name; <c>--help</c> among them prints the command's help.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context);
}

namespace Synapse.Cli.CommandLine;

/// <summary>The command line is wrong: the caller prints the message and the usage, and exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

namespace Synapse.Cli.CommandLine;

/// <summary>Process exit codes shared by the <c>synapse</c> command and the bench executable.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    /// <summary>Bad command line: unknown command or flag, missing or malformed value.</summary>
    public const int Usage = 2;
    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}

namespace Synapse.Cli.Fleet;

/// <summary>How <see cref="ChildProcess.RequestStop"/> asks a child to stop gracefully.</summary>
public enum ChildStopMode
{
    /// <summary>SIGTERM (Linux, macOS).</summary>
    Signal,

    /// <summary>
    /// A <c>stop</c> line on the child's standard input, which it reads because the parent sets
    /// <c>SYNAPSE_STOP_CHANNEL=stdin</c> (Windows, which has no SIGTERM); the child also stops when the parent dies
    /// and its standard input closes.
    /// </summary>
    StandardInput,
}

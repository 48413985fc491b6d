namespace Synapse.Hosting.Startup;

/// <summary>
/// The stop channel a parent process (<c>synapse up</c>) can give a node or balancer where signals do not exist
/// (Windows has no SIGTERM): with <see cref="Variable"/> set to <see cref="StandardInput"/> in its environment, the
/// child stops gracefully (a node drains) when a <see cref="StopLine"/> line arrives on its standard input or when its
/// standard input closes (the parent is gone).
/// </summary>
public static class StopChannel
{
    /// <summary>The environment variable that turns the channel on.</summary>
    public const string Variable = "SYNAPSE_STOP_CHANNEL";

    /// <summary>The one value of <see cref="Variable"/>: listen on standard input.</summary>
    public const string StandardInput = "stdin";

    /// <summary>What the parent writes to ask for a stop.</summary>
    public const string StopLine = "stop";

    /// <summary>Whether <paramref name="value"/> (the variable's value, if set) asks for the standard-input channel.</summary>
    public static bool IsStandardInput(string? value) => string.Equals(value?.Trim(), StandardInput, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads <paramref name="input"/> until a stop line or its end, then calls <paramref name="stop"/> once. Other lines
    /// are ignored, so a stray newline from a console does not stop anything.
    /// </summary>
    public static async Task ListenAsync(TextReader input, Action stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stop);
        try
        {
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (string.Equals(line.Trim(), StopLine, StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // the host is going away on its own: nothing to stop
        }
        catch (IOException)
        {
            // A broken pipe is the parent gone: stop, as at the end of the input.
        }

        stop();
    }
}

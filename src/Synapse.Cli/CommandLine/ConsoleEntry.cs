namespace Synapse.Cli.CommandLine;

/// <summary>The console entry of <c>synapse</c>: Ctrl+C cancels the running command.</summary>
public static class ConsoleEntry
{
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C asks the running command to stop cleanly; a second one falls through and ends the process.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await command(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

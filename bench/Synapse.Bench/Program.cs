using Synapse.Bench;
using Synapse.Bench.CommandLine;

// The bench alone, for machines where only this project is built; `synapse bench` runs the same code.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the run cleanly; a second one falls through and kills the process.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};

try
{
    return await new BenchApp("Synapse.Bench [options]").RunAsync(args, Console.Out, Console.Error, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return ExitCodes.Cancelled;
}

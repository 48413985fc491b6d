using Synapse.Bench;
using Synapse.Bench.CommandLine;

// The bench alone, for machines where only this project is built; `synapse bench` runs the same code.
return await ConsoleEntry.RunAsync(
    cancellationToken => new BenchApp("Synapse.Bench [options]").RunAsync(args, Console.Out, Console.Error, cancellationToken));

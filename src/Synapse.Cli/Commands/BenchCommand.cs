using Synapse.Cli.Bench;

namespace Synapse.Cli.Commands;

/// <summary><c>synapse bench</c>: the load generator and the in-process engine benchmark (Synapse.Bench).</summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";

    public string Summary => "Benchmark an OpenAI-compatible server (--url) or the engine in-process (--engine).";

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context) =>
        new BenchApp("synapse bench [options]").RunAsync(args, context.Out, context.Error, context.CancellationToken);
}

using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;

namespace Synapse.Cli.Tests;

public sealed class SynapseCliTests
{
    private sealed class EchoCommand : ICommand
    {
        public string Name => "echo";
        public string Summary => "Prints its arguments.";
        public IReadOnlyList<string>? Received { get; private set; }

        public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
        {
            Received = args;
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Out.Write(string.Join('|', args));
            return Task.FromResult(args.Contains("--help") ? 0 : 42);
        }
    }

    private static (int Code, string Out, string Error) Run(SynapseCli cli, params string[] args) => Run(cli, CancellationToken.None, args);

    private static (int Code, string Out, string Error) Run(SynapseCli cli, CancellationToken ct, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = cli.RunAsync(args, new CommandContext(output, error, ct)).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Passes_everything_after_the_command_name_to_the_command()
    {
        var echo = new EchoCommand();
        var (code, output, _) = Run(new SynapseCli([echo]), "echo", "--port", "9000", "x");

        Assert.Equal(42, code);
        Assert.Equal(["--port", "9000", "x"], echo.Received);
        Assert.Equal("--port|9000|x", output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_lists_every_command(string flag)
    {
        var (code, output, _) = Run(new SynapseCli(CommandCatalog.All()), flag);

        Assert.Equal(0, code);
        Assert.Contains("Usage: synapse <command>", output);
        foreach (var command in CommandCatalog.All())
        {
            Assert.Contains(command.Name, output);
            Assert.Contains(command.Summary, output);
        }
    }

    [Fact]
    public void Help_for_a_command_runs_it_with_help()
    {
        var echo = new EchoCommand();
        var (code, _, _) = Run(new SynapseCli([echo]), "help", "echo");
        Assert.Equal(0, code);
        Assert.Equal(["--help"], echo.Received);
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var (code, output, _) = Run(new SynapseCli(CommandCatalog.All()), "--version");
        Assert.Equal(0, code);
        Assert.StartsWith("synapse ", output);
        Assert.Equal(SynapseCli.Version, output.Trim()["synapse ".Length..]);
    }

    [Theory]
    [InlineData(new string[0], "Usage: synapse")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "benchmark" }, "did you mean 'bench'?")]
    [InlineData(new[] { "--verbose" }, "unknown option '--verbose'")]
    [InlineData(new[] { "help", "nope" }, "unknown command 'nope'")]
    public void Unknown_commands_and_flags_exit_2_with_usage(string[] args, string expected)
    {
        var (code, output, error) = Run(new SynapseCli(CommandCatalog.All()), args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error);
        Assert.Contains("Commands:", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_bad_bench_flag_exits_2_with_the_bench_usage()
    {
        var (code, _, error) = Run(new SynapseCli(CommandCatalog.All()), "bench", "--url", "http://127.0.0.1:1", "--concurency", "4");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown option '--concurency' (did you mean '--concurrency'?)", error);
        Assert.Contains("Usage: synapse bench", error);
    }

    [Fact]
    public void Cancellation_exits_130()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var (code, _, error) = Run(new SynapseCli([new EchoCommand()]), cancel.Token, "echo");
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("cancelled", error);
    }
}

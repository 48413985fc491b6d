using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.LoadBalancer.Configuration;

namespace Synapse.Cli.Tests.Commands;

public sealed class BalancerCommandTests
{
    private static async Task<(int Code, string Out)> Run(params string[] args)
    {
        var output = new StringWriter();
        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(["balancer", .. args], new CommandContext(output, TextWriter.Null, CancellationToken.None));
        return (code, output.ToString());
    }

    [Fact]
    public async Task Help_lists_every_balancer_setting_without_starting_it()
    {
        var (code, output) = await Run("--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Usage: synapse balancer", output);
        Assert.All(BalancerSettings.All, s => Assert.Contains($"{s.Flag} ({s.EnvironmentVariable})", output));
    }

    [Fact]
    public async Task Arguments_reach_the_balancer_which_rejects_a_bad_value_with_exit_2()
    {
        var (code, _) = await Run("--policy", "random", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
    }
}

using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.LoadBalancer.Configuration;
using Synapse.Cli.Tests.Infrastructure;

namespace Synapse.Cli.Tests.Commands;

public sealed class BalancerCommandTests
{
    private static async Task<(int Code, string Out)> Run(params string[] args)
    {
        var (code, output, _) = await CliRun.RunAsync(["balancer", .. args]);
        return (code, output);
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

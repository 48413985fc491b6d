using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.Cli.Tests.Infrastructure;

namespace Synapse.Cli.Tests.Commands;

public sealed class NodeCommandTests
{
    private static async Task<(int Code, string Out)> Run(params string[] args)
    {
        var (code, output, _) = await CliRun.RunAsync(["node", .. args]);
        return (code, output);
    }

    [Fact]
    public async Task Help_lists_the_nodes_settings_without_starting_it()
    {
        var (code, output) = await Run("--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Usage: synapse node", output);
        Assert.Contains("--model (MODEL_NAME)", output);
        Assert.Contains("--parallel (SYNAPSE_PARALLEL)", output);
    }

    [Fact]
    public async Task Arguments_reach_the_node_which_rejects_a_bad_value_with_exit_2()
    {
        var (code, _) = await Run("--model", "unused.gguf", "--parallel", "many");
        Assert.Equal(2, code);
    }
}

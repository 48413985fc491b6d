using Synapse.Cli.CommandLine;
using Synapse.Cli.Commands;
using Synapse.Cli.Fleet;

namespace Synapse.Cli.Tests.Fleet;

public sealed class UpArgumentsTests
{
    [Fact]
    public void Defaults_are_three_nodes_on_8000_and_the_balancer_on_5000()
    {
        var plan = UpArguments.Parse([])!;
        Assert.Equal(3, plan.Nodes);
        Assert.Equal(["node-8000", "node-8001", "node-8002"], Enumerable.Range(0, 3).Select(plan.NodeName));
        Assert.Equal(["node", "--host", "127.0.0.1", "--port", "8001"], plan.NodeCommand(1));
        Assert.Equal(["balancer", "--nodes", "http://127.0.0.1:8000,http://127.0.0.1:8001,http://127.0.0.1:8002", "--host", "127.0.0.1", "--port", "5000"],
            plan.BalancerCommand());
    }

    [Fact]
    public void Own_flags_shape_the_fleet_and_every_other_argument_goes_to_each_node()
    {
        var plan = UpArguments.Parse(["--nodes", "2", "--model", "m.gguf", "--port=9000", "--parallel", "8", "--balancer-port", "6000",
            "--balancer-arg", "--policy", "--balancer-arg=least_requests", "--host", "0.0.0.0"])!;
        Assert.Equal(["node", "--model", "m.gguf", "--parallel", "8", "--host", "0.0.0.0", "--port", "9001"], plan.NodeCommand(1));
        Assert.Equal(["balancer", "--nodes", "http://127.0.0.1:9000,http://127.0.0.1:9001", "--policy", "least_requests", "--host", "0.0.0.0", "--port", "6000"],
            plan.BalancerCommand());
        Assert.Equal("http://127.0.0.1:6000", plan.BalancerUrl);
    }

    [Theory]
    [InlineData("--nodes", "0")]
    [InlineData("--nodes", "many")]
    [InlineData("--balancer-port", "8001")]
    [InlineData("--port", "65535", "--nodes", "2")]
    [InlineData("--nodes")]
    public void Bad_fleet_flags_are_usage_errors(params string[] args) =>
        Assert.Throws<UsageException>(() => UpArguments.Parse(args));

    [Fact]
    public async Task Help_and_bad_flags_answer_without_starting_anything()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new SynapseCli(CommandCatalog.All());
        Assert.Equal(ExitCodes.Ok, await cli.RunAsync(["up", "--help"], new CommandContext(output, error, CancellationToken.None)));
        Assert.Contains("--balancer-arg", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, await cli.RunAsync(["up", "--nodes", "x"], new CommandContext(output, error, CancellationToken.None)));
        Assert.Contains("--nodes", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dll_launcher_runs_it_through_the_dotnet_host()
    {
        var info = SelfLauncher.ForDll("/opt/synapse/synapse.dll").StartInfo(["node", "--port", "8000"]);
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(info.FileName));
        Assert.Equal(["/opt/synapse/synapse.dll", "node", "--port", "8000"], info.ArgumentList);
        Assert.True(info.RedirectStandardOutput && info.RedirectStandardError && !info.UseShellExecute);
    }
}

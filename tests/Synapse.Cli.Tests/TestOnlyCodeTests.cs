using System.Reflection;

namespace Synapse.Cli.Tests;

/// <summary>
/// The random-weight generators (Synapse.TestModels) and the load generator (Synapse.Bench) serve the CLI, the bench
/// and the tests; the server assemblies never reach them, directly or through one another.
/// </summary>
public sealed class TestOnlyCodeTests
{
    private static readonly string[] TestOnly = ["Synapse.TestModels", "Synapse.Bench"];

    [Theory]
    [InlineData("Synapse.Node")]
    [InlineData("Synapse.LoadBalancer")]
    [InlineData("Synapse.Engine")]
    [InlineData("Synapse.Models")]
    public void A_server_assembly_does_not_reach_test_only_code(string assemblyName)
    {
        var reached = SynapseClosure(assemblyName);

        Assert.Contains(assemblyName, reached);
        Assert.All(TestOnly, name => Assert.DoesNotContain(name, reached));
    }

    [Fact]
    public void The_cli_reaches_the_generators_and_the_bench()
    {
        var reached = SynapseClosure("synapse");

        Assert.All(TestOnly, name => Assert.Contains(name, reached));
    }

    // Every Synapse assembly reachable from the named one through the references its metadata records.
    private static HashSet<string> SynapseClosure(string assemblyName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>([new AssemblyName(assemblyName)]);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name.Name!))
            {
                continue;
            }

            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                if (reference.Name!.StartsWith("Synapse.", StringComparison.Ordinal))
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
    }
}

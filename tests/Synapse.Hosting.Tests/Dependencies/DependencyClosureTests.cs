using System.Text.Json;

namespace Synapse.Hosting.Tests.Dependencies;

/// <summary>
/// What each program may not carry, read from its build output: the <c>*.deps.json</c> the runtime loads it by and
/// the files beside it. The balancer is a proxy: no engine, no model code, no llama.cpp. The node serves models:
/// no CLI, no bench, no test-model generators.
/// </summary>
public sealed class DependencyClosureTests
{
    private static readonly string[] BalancerForbidden =
        ["LLamaSharp", "Synapse.Node", "Synapse.Engine", "Synapse.Models", "Synapse.Templates"];

    private static readonly string[] NodeForbidden =
        ["Synapse.Cli", "Synapse.Bench", "Synapse.Testing", "Synapse.TestModels"];

    [Fact]
    public void The_balancer_carries_no_llama_engine_models_or_node()
    {
        var output = BuildOutput("Synapse.LoadBalancer");
        var libraries = Libraries(output, "Synapse.LoadBalancer");
        Assert.Contains(libraries, l => l.Name == "Synapse.Hosting");
        Assert.Contains(libraries, l => l.Name == "Yarp.ReverseProxy");
        // The web console (static files and their endpoints, ASP.NET Core only) is the one Synapse library added.
        Assert.Contains(libraries, l => l.Name == "Synapse.WebConsole");
        Assert.Equal(["Synapse.Hosting", "Synapse.LoadBalancer", "Synapse.OpenAI", "Synapse.WebConsole"],
            libraries.Select(l => l.Name).Where(n => n.StartsWith("Synapse.", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal));
        foreach (var forbidden in BalancerForbidden)
        {
            Assert.DoesNotContain(libraries, l => l.Name.Equals(forbidden, StringComparison.OrdinalIgnoreCase)
                || (l.Name.StartsWith(forbidden + ".", StringComparison.OrdinalIgnoreCase) && forbidden != "Synapse.Node"));
        }

        Assert.DoesNotContain(libraries.SelectMany(l => l.Assets), a => Path.GetFileName(a).Contains("llama", StringComparison.OrdinalIgnoreCase));
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).ToList();
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("llama", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => BalancerForbidden.Any(n => Path.GetFileName(f).StartsWith(n + ".", StringComparison.OrdinalIgnoreCase)
            && Path.GetFileName(f).EndsWith(".dll", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void The_node_carries_no_cli_bench_or_test_models()
    {
        var output = BuildOutput("Synapse.Node");
        var libraries = Libraries(output, "Synapse.Node");
        Assert.Contains(libraries, l => l.Name == "Synapse.Hosting");
        Assert.Contains(libraries, l => l.Name == "Synapse.Engine");
        foreach (var forbidden in NodeForbidden)
        {
            Assert.DoesNotContain(libraries, l => l.Name.Equals(forbidden, StringComparison.OrdinalIgnoreCase)
                || l.Name.StartsWith(forbidden + ".", StringComparison.OrdinalIgnoreCase));
        }

        var files = Directory.EnumerateFiles(output, "*.dll", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.DoesNotContain(files, f => NodeForbidden.Any(n => f!.Equals(n, StringComparison.OrdinalIgnoreCase)
            || f.StartsWith(n + ".", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The program's build output of the same configuration as this test (Release or Debug).</summary>
    private static string BuildOutput(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Synapse.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var output = Path.Combine(root.FullName, "src", project, "bin", configuration, framework);
        Assert.True(File.Exists(Path.Combine(output, project + ".deps.json")), $"{project} is not built in {output}.");
        return output;
    }

    private sealed record Library(string Name, string Version, IReadOnlyList<string> Assets);

    /// <summary>Every library of the program's runtime closure, with its managed and native assets.</summary>
    private static List<Library> Libraries(string output, string project)
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, project + ".deps.json")));
        var libraries = new List<Library>();
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                var assets = new List<string>();
                foreach (var kind in new[] { "runtime", "native", "runtimeTargets" })
                {
                    if (library.Value.TryGetProperty(kind, out var files))
                    {
                        assets.AddRange(files.EnumerateObject().Select(f => f.Name));
                    }
                }

                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                libraries.Add(new Library(library.Name[..slash], library.Name[(slash + 1)..], assets));
            }
        }

        return libraries;
    }
}

using System.Diagnostics;
using Synapse.Testing;

namespace Synapse.Node.Tests.Infrastructure;

/// <summary>Runs a script of tests/Synapse.Node.Tests/npm (the official <c>openai</c> npm package) against a node.</summary>
internal static class NpmScript
{
    private static readonly string Folder = Path.Combine(Fixtures.RepositoryRoot, "tests", "Synapse.Node.Tests", "npm");

    /// <summary>Skips (fails under <c>SYNAPSE_REQUIRE_FIXTURES</c>) when test.sh has not installed the package.</summary>
    public static void RequireInstalled()
    {
        var installed = Directory.Exists(Path.Combine(Folder, "node_modules", "openai"));
        var message = $"The openai npm package is not installed in {Folder}: run ./test.sh (it runs npm ci there).";
        if (!installed && Fixtures.Required)
        {
            Assert.Fail(message);
        }

        Assert.SkipUnless(installed, message);
    }

    /// <summary>Runs <paramref name="script"/> with the node's base URL and model; fails with its output unless it exits 0.</summary>
    public static async Task RunAsync(string script, string baseUrl, string model, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(Folder, script), baseUrl, model])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}

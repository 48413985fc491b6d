using System.Diagnostics;
using Xunit;

namespace Synapse.Testing.Clients;

/// <summary>
/// Runs a script of tests/Synapse.Node.Tests/npm (the official <c>openai</c> npm package, <c>@openai/agents</c>)
/// against a node or a balancer.
/// </summary>
public static class NpmScript
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

    /// <summary>
    /// Runs <paramref name="script"/> with the base URL, the model and, where given, the API key (the scripts' third
    /// argument); fails with its output unless it exits 0.
    /// </summary>
    public static async Task RunAsync(string script, string baseUrl, string model, TimeSpan timeout, string? apiKey = null)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(Folder, script), baseUrl, model, .. apiKey is null ? Array.Empty<string>() : [apiKey]])
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

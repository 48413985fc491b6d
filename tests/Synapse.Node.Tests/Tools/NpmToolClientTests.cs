using System.Diagnostics;
using Synapse.Testing;

namespace Synapse.Node.Tests.Tools;

/// <summary>The official <c>openai</c> npm package's tool helpers (runTools, the streaming accumulator) against a node (npm/tools.mjs).</summary>
[Collection(ToolNodeCollection.Name)]
public sealed class NpmToolClientTests(ToolNodeFixture fixture)
{
    [Fact]
    public async Task RunTools_and_the_streaming_accumulator_complete_a_tool_round_trip()
    {
        var folder = Path.Combine(Fixtures.RepositoryRoot, "tests", "Synapse.Node.Tests", "npm");
        var installed = Directory.Exists(Path.Combine(folder, "node_modules", "openai"));
        var message = $"The openai npm package is not installed in {folder}: run ./test.sh (it runs npm ci there).";
        if (!installed && Fixtures.Required)
        {
            Assert.Fail(message);
        }

        Assert.SkipUnless(installed, message);
        var host = await fixture.HermesAsync();
        var start = new ProcessStartInfo("node", [Path.Combine(folder, "tools.mjs"), host.BaseUrl, host.Model])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"tools.mjs failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}

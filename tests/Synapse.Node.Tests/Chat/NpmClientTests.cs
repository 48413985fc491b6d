using System.Diagnostics;
using Synapse.Node.Tests.Infrastructure;
using Synapse.Testing;

namespace Synapse.Node.Tests.Chat;

/// <summary>The official <c>openai</c> npm package against a real node: streaming and non-streaming chat.</summary>
[Collection(RealNodeCollection.Name)]
public sealed class NpmClientTests(RealNodeFixture fixture)
{
    [Fact]
    public async Task OfficialNpmClientChatsWithTheNode()
    {
        var folder = Path.Combine(Fixtures.RepositoryRoot, "tests", "Synapse.Node.Tests", "npm");
        var installed = Directory.Exists(Path.Combine(folder, "node_modules", "openai"));
        var message = $"The openai npm package is not installed in {folder}: run ./test.sh (it runs npm ci there).";
        if (!installed && Fixtures.Required)
        {
            Assert.Fail(message);
        }

        Assert.SkipUnless(installed, message);
        var host = await fixture.GetAsync();

        var start = new ProcessStartInfo("node", [Path.Combine(folder, "check.mjs"), host.BaseUrl, host.Model])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"check.mjs failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}

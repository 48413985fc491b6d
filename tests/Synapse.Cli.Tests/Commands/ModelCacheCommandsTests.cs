using Synapse.Cli.Commands;
using Synapse.Testing;
using Synapse.Testing.Hub;

namespace Synapse.Cli.Tests.Commands;

/// <summary><c>synapse pull</c>, <c>models</c> and <c>rm</c> against a fake hub and a temporary HF_HOME.</summary>
public sealed class ModelCacheCommandsTests : FakeHubTest
{
    private async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(output, error, CancellationToken.None)
        {
            Variables = name => name switch
            {
                "HF_HOME" => Folder.Home,
                "HF_ENDPOINT" => Hub.Url,
                _ => null,
            },
        };
        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(args, context);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task PullListRemove()
    {
        var repo = Hub.AddRepo("fixtures/tiny-qwen2").AddFolder(Fixtures.Require("models/tiny-qwen2"));
        var gguf = Path.Combine(Folder.Home, "synapse", "gguf", "models--fixtures--tiny-qwen2", repo.Commit, "tiny-qwen2-Q4_K_M.gguf");

        var pull = await Run("pull", "fixtures/tiny-qwen2", "--quant", "Q4_K_M");
        Assert.True(pull.Code == 0, pull.Error);
        Assert.Contains(gguf, pull.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(gguf));
        // Not a terminal: progress comes as lines, not a redrawn bar.
        Assert.DoesNotContain("\r", pull.Error, StringComparison.Ordinal);
        Assert.Contains("model.safetensors", pull.Error, StringComparison.Ordinal);

        var models = await Run("models");
        Assert.Equal(0, models.Code);
        Assert.Contains("fixtures/tiny-qwen2", models.Out, StringComparison.Ordinal);
        Assert.Contains("main → " + repo.Commit[..12], models.Out, StringComparison.Ordinal);
        Assert.Contains("tiny-qwen2-Q4_K_M.gguf", models.Out, StringComparison.Ordinal);

        var rm = await Run("rm", "fixtures/tiny-qwen2");
        Assert.Equal(0, rm.Code);
        Assert.Contains("removed fixtures/tiny-qwen2", rm.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(gguf));
        Assert.False(Directory.Exists(Path.Combine(Folder.Home, "hub", "models--fixtures--tiny-qwen2")));
        Assert.Contains("No models cached", (await Run("models")).Out, StringComparison.Ordinal);
        Assert.Equal(1, (await Run("rm", "fixtures/tiny-qwen2")).Code);
    }

    [Fact]
    public async Task TwoProcessesPullingAtOnceShareOneDownloadAndOneConversion()
    {
        var repo = Hub.AddRepo("fixtures/race").AddFolder(Fixtures.Require("models/tiny-qwen2"));
        Hub.ChunkDelay = TimeSpan.FromMilliseconds(100);
        var results = await Task.WhenAll(PullInAnotherProcess("fixtures/race"), PullInAnotherProcess("fixtures/race"));
        Assert.All(results, r => Assert.True(r.Code == 0, r.Error));
        var gguf = Path.Combine(Folder.Home, "synapse", "gguf", "models--fixtures--race", repo.Commit, "race-Q8_0.gguf");
        Assert.All(results, r => Assert.True(r.Out.Contains(gguf, StringComparison.Ordinal), r.Out + " / expected " + gguf));
        Assert.Equal(1, Hub.CdnRequests(repo.Etag("model.safetensors")));
        // Only the process that held the conversion lock converted; the other waited and took its file.
        Assert.Single(results, r => r.Error.Contains("converting", StringComparison.Ordinal));
    }

    private async Task<(int Code, string Out, string Error)> PullInAnotherProcess(string model)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "synapse.dll"));
        start.ArgumentList.Add("pull");
        start.ArgumentList.Add(model);
        start.Environment["HF_HOME"] = Folder.Home;
        start.Environment["HF_ENDPOINT"] = Hub.Url;
        start.Environment.Remove("HF_TOKEN");
        start.Environment.Remove("HF_HUB_OFFLINE");
        start.Environment.Remove("SYNAPSE_QUANT");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task OnATerminalProgressIsOneBarRedrawnInPlace()
    {
        Hub.AddRepo("acme/bar-GGUF").Add("m-Q8_0.gguf", new byte[300_000], lfs: true);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(output, error, CancellationToken.None)
        {
            Variables = name => name switch { "HF_HOME" => Folder.Home, "HF_ENDPOINT" => Hub.Url, _ => null },
            ErrorIsTerminal = true,
        };
        Assert.Equal(0, await new SynapseCli(CommandCatalog.All()).RunAsync(["pull", "acme/bar-GGUF"], context));
        Assert.Contains("\r[##############################] 100% m-Q8_0.gguf", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullErrorsAreOneClearLine()
    {
        var gated = Hub.AddRepo("meta/gated").Add("config.json", "{}").Add("model.safetensors", new byte[16], lfs: true);
        gated.GatedToken = "hf_secret";
        var result = await Run("pull", "meta/gated");
        Assert.Equal(1, result.Code);
        Assert.Contains($"accept the licence at {Hub.Url}/meta/gated", result.Error, StringComparison.Ordinal);

        var missing = await Run("pull", "nobody/nothing");
        Assert.Equal(1, missing.Code);
        Assert.Contains("nobody/nothing was not found", missing.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await Run("pull")).Code);
        Assert.Equal(2, (await Run("pull", "org/name", "--quant", "Q3_K")).Code);
        Assert.Equal(2, (await Run("rm", "./local/path")).Code);
    }
}

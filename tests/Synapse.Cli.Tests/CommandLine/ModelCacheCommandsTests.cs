using Synapse.Cli.Commands;
using Synapse.Testing;
using Synapse.Testing.Hub;

namespace Synapse.Cli.Tests.CommandLine;

/// <summary><c>synapse pull</c>, <c>models</c> and <c>rm</c> against a fake hub and a temporary HF_HOME.</summary>
public sealed class ModelCacheCommandsTests : IAsyncLifetime, IDisposable
{
    private readonly HubTestFolder _folder = new();
    private FakeHub _hub = null!;

    public async Task InitializeAsync() => _hub = await FakeHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(output, error, CancellationToken.None)
        {
            Variables = name => name switch
            {
                "HF_HOME" => _folder.Home,
                "HF_ENDPOINT" => _hub.Url,
                _ => null,
            },
        };
        var code = await new SynapseCli(CommandCatalog.All()).RunAsync(args, context);
        return (code, output.ToString(), error.ToString());
    }

    [SkippableFact]
    public async Task PullListRemove()
    {
        var repo = _hub.AddRepo("fixtures/tiny-qwen2").AddFolder(Fixtures.Require("models/tiny-qwen2"));
        var gguf = Path.Combine(_folder.Home, "synapse", "gguf", "models--fixtures--tiny-qwen2", repo.Commit, "tiny-qwen2-Q4_K_M.gguf");

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
        Assert.False(Directory.Exists(Path.Combine(_folder.Home, "hub", "models--fixtures--tiny-qwen2")));
        Assert.Contains("No models cached", (await Run("models")).Out, StringComparison.Ordinal);
        Assert.Equal(1, (await Run("rm", "fixtures/tiny-qwen2")).Code);
    }

    [Fact]
    public async Task PullErrorsAreOneClearLine()
    {
        var gated = _hub.AddRepo("meta/gated").Add("config.json", "{}").Add("model.safetensors", new byte[16], lfs: true);
        gated.GatedToken = "hf_secret";
        var result = await Run("pull", "meta/gated");
        Assert.Equal(1, result.Code);
        Assert.Contains($"accept the licence at {_hub.Url}/meta/gated", result.Error, StringComparison.Ordinal);

        var missing = await Run("pull", "nobody/nothing");
        Assert.Equal(1, missing.Code);
        Assert.Contains("nobody/nothing was not found", missing.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await Run("pull")).Code);
        Assert.Equal(2, (await Run("pull", "org/name", "--quant", "Q3_K")).Code);
        Assert.Equal(2, (await Run("rm", "./local/path")).Code);
    }
}

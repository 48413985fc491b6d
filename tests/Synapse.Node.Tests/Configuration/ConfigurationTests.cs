using Synapse.Hosting.Settings;
using Microsoft.Extensions.Configuration;
using Synapse.Models.Conversion;
using Synapse.Models.Hub;
using Synapse.Node.Configuration;

namespace Synapse.Node.Tests.Configuration;

/// <summary>.env, environment, appsettings.json and flags, lowest to highest; bad values fail naming the setting.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-config-").FullName;
    private readonly string _model;

    public ConfigurationTests()
    {
        _model = Path.Combine(_dir, "model.gguf");
        File.WriteAllText(_model, "x");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (NodeOptions Node, Synapse.Engine.Hosting.EngineOptions Engine) Read(string[] args, Dictionary<string, string?>? environment = null)
    {
        var configuration = new ConfigurationManager();
        NodeConfigurationBuilder.Configure(configuration, args, _dir, "Production", environment ?? new Dictionary<string, string?>());
        return NodeConfigurationReader.Read(configuration);
    }

    [Fact]
    public void DotEnvReadsCommentsQuotesAndExport()
    {
        var values = DotEnvFile.Parse("""
            # a comment
            MODEL_NAME=/models/a.gguf
            export SYNAPSE_PARALLEL=3
            SYNAPSE_API_KEYS="k1,k2" 
            SYNAPSE_HOST='127.0.0.1'
            SYNAPSE_PORT=9000 # trailing comment
            QUOTED="a \"b\"\nc"

            """);
        Assert.Equal("/models/a.gguf", values["MODEL_NAME"]);
        Assert.Equal("3", values["SYNAPSE_PARALLEL"]);
        Assert.Equal("k1,k2", values["SYNAPSE_API_KEYS"]);
        Assert.Equal("127.0.0.1", values["SYNAPSE_HOST"]);
        Assert.Equal("9000", values["SYNAPSE_PORT"]);
        Assert.Equal("a \"b\"\nc", values["QUOTED"]);
        Assert.Throws<SettingsException>(() => DotEnvFile.Parse("JUST_A_WORD"));
    }

    [Fact]
    public void PrecedenceIsDotEnvThenEnvironmentThenAppSettingsThenFlags()
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), $"MODEL_NAME={_model}\nSYNAPSE_PARALLEL=2\nSYNAPSE_QUEUE=7\nSYNAPSE_THREADS=1\nSYNAPSE_BATCH_SIZE=99\n");
        var environment = new Dictionary<string, string?> { ["SYNAPSE_PARALLEL"] = "3", ["SYNAPSE_QUEUE"] = "8", ["SYNAPSE_THREADS"] = "2" };
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), """{"Synapse": {"Parallel": 5, "Queue": 9}}""");

        var (_, engine) = Read(["--parallel", "6"], environment);
        Assert.Equal(6, engine.Parallel);     // flag
        Assert.Equal(9, engine.QueueSize);    // appsettings.json over the environment
        Assert.Equal(2, engine.Threads);      // environment over .env
        Assert.Equal(99, engine.BatchSize);   // .env
        Assert.Equal(Path.GetFullPath(_model), engine.ModelPath);

        Assert.Equal(5, Read([], environment).Engine.Parallel);
        File.Delete(Path.Combine(_dir, "appsettings.json"));
        Assert.Equal(3, Read([], environment).Engine.Parallel);
        Assert.Equal(2, Read([]).Engine.Parallel);
    }

    [Fact]
    public void EveryDocumentedNameReachesItsOption()
    {
        var keys = Path.Combine(_dir, "keys.txt");
        File.WriteAllText(keys, "# comment\nfile-key\n");
        var (node, engine) = Read([], new Dictionary<string, string?>
        {
            ["MODEL_NAME"] = _model, ["SYNAPSE_MODEL_ALIASES"] = "a, b", ["SYNAPSE_PARALLEL"] = "2", ["SYNAPSE_CTX_SIZE"] = "1024",
            ["SYNAPSE_THREADS"] = "3", ["SYNAPSE_QUEUE"] = "5", ["SYNAPSE_BATCH_SIZE"] = "128", ["SYNAPSE_PREFILL_CHUNK"] = "64",
            ["SYNAPSE_API_KEYS"] = "k1,k2", ["SYNAPSE_API_KEY_FILE"] = keys, ["SYNAPSE_HOST"] = "127.0.0.1", ["SYNAPSE_PORT"] = "9001",
            ["SYNAPSE_MAX_BODY_BYTES"] = "2048", ["SYNAPSE_SHUTDOWN_GRACE"] = "7", ["SYNAPSE_KEEPALIVE_SECONDS"] = "0.5",
        });
        Assert.Equal(["a", "b"], node.ModelAliases);
        Assert.Equal([_model, "a", "b"], node.ServedModelIds);
        Assert.Equal((2, 1024, 3, 5, 128, 64), (engine.Parallel, engine.ContextSize, engine.Threads, engine.QueueSize, engine.BatchSize, engine.PrefillChunk));
        Assert.Equal(["k1", "k2", "file-key"], node.ApiKeys);
        Assert.Equal("http://127.0.0.1:9001", node.Urls);
        Assert.Equal(2048, node.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(7), node.ShutdownGrace);
        Assert.Equal(TimeSpan.FromSeconds(0.5), node.KeepAliveInterval);
    }

    [Fact]
    public void DefaultsListenOnPort8000AndUseAllCores()
    {
        var (node, engine) = Read(["--model", _model]);
        Assert.Equal("http://0.0.0.0:8000", node.Urls);
        Assert.Equal(Environment.ProcessorCount, engine.Threads);
        Assert.Equal(4, engine.Parallel);
        Assert.Empty(node.ApiKeys);
    }

    [Fact]
    public void UrlsAndHostPortShortcutsFollowPrecedence()
    {
        Assert.Equal("http://127.0.0.1:5000", Read(["--model", _model, "--urls", "http://127.0.0.1:5000"]).Node.Urls);
        Assert.Equal("http://127.0.0.1:5000", Read(["--model", _model, "--urls", "http://127.0.0.1:5000"],
            new Dictionary<string, string?> { ["SYNAPSE_PORT"] = "9000" }).Node.Urls);
        Assert.Equal("http://0.0.0.0:9000", Read(["--model", _model, "--port", "9000"],
            new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:5000" }).Node.Urls);
        Assert.Equal("http://127.0.0.1:5000", Read(["--model", _model], new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:5000" }).Node.Urls);
        Assert.Equal("http://[::1]:7000", Read(["--model", _model, "--host", "::1", "--port", "7000"]).Node.Urls);
    }

    [Theory]
    [InlineData("SYNAPSE_PARALLEL", "abc")]
    [InlineData("SYNAPSE_PARALLEL", "0")]
    [InlineData("SYNAPSE_CTX_SIZE", "-1")]
    [InlineData("SYNAPSE_QUEUE", "many")]
    [InlineData("SYNAPSE_THREADS", "-2")]
    [InlineData("SYNAPSE_PORT", "70000")]
    [InlineData("SYNAPSE_MAX_BODY_BYTES", "1k")]
    [InlineData("SYNAPSE_SHUTDOWN_GRACE", "soon")]
    [InlineData("SYNAPSE_KEEPALIVE_SECONDS", "0")]
    [InlineData("SYNAPSE_API_KEY_FILE", "/no/such/keys.txt")]
    public void BadValueFailsNamingTheSetting(string variable, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(["--model", _model], new Dictionary<string, string?> { [variable] = value }));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelDefaultsToQwenFromTheHub()
    {
        var (node, engine) = Read([]);
        Assert.Equal("Qwen/Qwen2.5-0.5B-Instruct", node.ModelName);
        Assert.Equal(ModelReferenceKind.HubRepository, node.Model!.Kind);
        // Resolved on the load path, not at start.
        Assert.Equal("", engine.ModelPath);
        Assert.Equal(ModelQuantization.Q8_0, node.Quantization);
    }

    [Fact]
    public void ModelNameFormsAreParsed()
    {
        var tagged = Read(["--model", "bartowski/SmolLM2-135M-Instruct-GGUF@v2:Q4_K_M"]).Node.Model!;
        Assert.Equal(("bartowski/SmolLM2-135M-Instruct-GGUF", "v2", "Q4_K_M"), (tagged.RepoId, tagged.Revision, tagged.Tag));
        Assert.Equal("gpt2", Read(["--model", "gpt2"]).Node.Model!.RepoId);

        var (node, engine) = Read(["--model", _model]);
        Assert.Equal(ModelReferenceKind.LocalGguf, node.Model!.Kind);
        Assert.Equal(_model, engine.ModelPath);

        var folder = Directory.CreateDirectory(Path.Combine(_dir, "hf")).FullName;
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        Assert.Equal(ModelReferenceKind.LocalFolder, Read(["--model", folder]).Node.Model!.Kind);
    }

    [Fact]
    public void BadModelNamesAndQuantizationsFailAtStart()
    {
        Assert.Contains("does not exist", Assert.Throws<SettingsException>(() => Read(["--model", Path.Combine(_dir, "missing.gguf")])).Message, StringComparison.Ordinal);
        Assert.Contains("MODEL_NAME", Assert.Throws<SettingsException>(() => Read(["--model", "not a/repo id"])).Message, StringComparison.Ordinal);
        var quant = Assert.Throws<SettingsException>(() => Read(["--model", _model], new Dictionary<string, string?> { ["SYNAPSE_QUANT"] = "Q3_K" })).Message;
        Assert.Contains("SYNAPSE_QUANT", quant, StringComparison.Ordinal);
        Assert.Contains("Q4_K_M", quant, StringComparison.Ordinal);
        Assert.Throws<SettingsException>(() => Read(["--model", _model], new Dictionary<string, string?> { ["SYNAPSE_QUANT"] = "F32" }));
        Assert.Equal(ModelQuantization.Q4_K_M, Read(["--model", _model, "--quant", "q4_k_m"]).Node.Quantization);
    }

    [Fact]
    public async Task RunAsyncExitsNonZeroWithOneLineOnBadSettings()
    {
        var exitCode = await NodeApplication.RunAsync(["--model", _model, "--parallel", "abc", "--urls", "http://127.0.0.1:0"], CancellationToken.None);
        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void RangesAndDefaultsComeFromTheOptionsClasses()
    {
        // One validator per options class, run when the settings are read and again when the host starts.
        var node = new NodeOptionsValidator().Validate(null, new NodeOptions { ShutdownGrace = TimeSpan.FromDays(2), MaxBodyBytes = 10 });
        Assert.True(node.Failed);
        Assert.Contains("SYNAPSE_SHUTDOWN_GRACE", node.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_MAX_BODY_BYTES", node.FailureMessage, StringComparison.Ordinal);
        Assert.True(new NodeOptionsValidator().Validate(null, new NodeOptions()).Succeeded);
        var engine = new Synapse.Engine.Hosting.EngineOptionsValidator().Validate(null, new Synapse.Engine.Hosting.EngineOptions { Parallel = 0 });
        Assert.Contains("SYNAPSE_PARALLEL", engine.FailureMessage, StringComparison.Ordinal);

        Assert.Equal("30", NodeSettings.ShutdownGrace.Default);
        Assert.Equal(TimeSpan.FromSeconds(30), new NodeOptions().ShutdownGrace);
        Assert.Equal("4", NodeSettings.Parallel.Default);
        Assert.Equal(4, new Synapse.Engine.Hosting.EngineOptions().Parallel);
        Assert.Equal("0 (all cores)", NodeSettings.Threads.Default);
    }

    [Fact]
    public void ReadmeConfigurationTableIsTheSettingsTable()
    {
        // The README's table is pasted from NodeSettings.ToMarkdownTable(); this keeps the two from drifting apart.
        var readme = File.ReadAllText(Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, "docs", "configuration.md")).ReplaceLineEndings("\n");
        var table = NodeSettings.ToMarkdownTable().ReplaceLineEndings("\n");
        Assert.True(readme.Contains(table, StringComparison.Ordinal), "docs/configuration.md's node table differs from NodeSettings.ToMarkdownTable():\n" + table);
    }

    [Fact]
    public void SimulatedEngineNeedsNoModelFileAndReadsItsSettings()
    {
        var (node, engine) = Read(["--model", "just-an-id", "--engine", "simulated", "--sim-tokens-per-second", "250", "--sim-load-seconds", "1.5"]);
        Assert.Equal(NodeEngineKind.Simulated, node.Engine);
        Assert.Equal("just-an-id", node.ModelName);
        Assert.Equal("", engine.ModelPath);
        Assert.Equal(250, node.SimulatedTokensPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(1.5), node.SimulatedLoadTime);

        var error = Assert.Throws<SettingsException>(() => Read(["--model", _model, "--engine", "vllm", "--sim-tokens-per-second", "-1"])).Message;
        Assert.Contains("SYNAPSE_ENGINE", error, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_SIM_TOKENS_PER_SECOND", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistrationSettingsAreReadAndCheckedAsUrls()
    {
        var (node, _) = Read(["--model", _model], new Dictionary<string, string?>
        {
            ["SYNAPSE_BALANCER_URL"] = "http://127.0.0.1:5000",
            ["SYNAPSE_BALANCER_KEY"] = "admin",
            ["SYNAPSE_ADVERTISE_URL"] = "http://node-1:8000",
            ["SYNAPSE_HEARTBEAT_SECONDS"] = "2.5",
        });
        Assert.Equal(new Uri("http://127.0.0.1:5000"), node.BalancerUrl);
        Assert.Equal("admin", node.BalancerKey);
        Assert.Equal(new Uri("http://node-1:8000"), node.AdvertiseUrl);
        Assert.Equal(TimeSpan.FromSeconds(2.5), node.HeartbeatInterval);
        Assert.Null(Read(["--model", _model]).Node.BalancerUrl);

        var error = Assert.Throws<SettingsException>(() => Read(["--model", _model, "--balancer-url", "localhost:5000", "--heartbeat-seconds", "0"])).Message;
        Assert.Contains("SYNAPSE_BALANCER_URL", error, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_HEARTBEAT_SECONDS", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DotEnvExampleIsGeneratedFromTheSettingsTable()
    {
        var example = File.ReadAllText(Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, ".env.example")).ReplaceLineEndings("\n");
        Assert.Equal(NodeSettings.ToDotEnvExample(), example);
    }

    [Fact]
    public void MarkdownTableListsEverySetting()
    {
        var table = NodeSettings.ToMarkdownTable();
        Assert.All(NodeSettings.All, s => Assert.Contains($"`{s.EnvironmentVariable}`", table, StringComparison.Ordinal));
    }
}

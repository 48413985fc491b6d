using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Settings;
using Synapse.Node.Configuration;
using Synapse.Node.Responses.Storage;

namespace Synapse.Node.Tests.Responses.Storage;

/// <summary>The store's settings, its registration in the node, and a bad file stopping the node's start.</summary>
public sealed class ResponseStoreSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("synapse-store-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SettingsAreReadWithDefaultsAndChecked()
    {
        var defaults = Read([], new() { ["XDG_DATA_HOME"] = Path.Combine(_dir, "xdg") });
        Assert.True(defaults.ResponsesStore);
        Assert.Equal(TimeSpan.FromDays(30), defaults.ResponsesMaxAge);
        Assert.Equal(1024, defaults.ResponsesMaxMb);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Path.Combine(_dir, "xdg", "synapse"), defaults.DataDirectory);
            Assert.Equal(Path.Combine(_dir, "home", ".local", "share", "synapse"), Read([], new() { ["HOME"] = Path.Combine(_dir, "home") }).DataDirectory);
        }

        var set = Read(["--data-dir", _dir, "--responses-max-age-days", "0.5", "--responses-max-mb", "3", "--responses-store", "off"], []);
        Assert.Equal(_dir, set.DataDirectory);
        Assert.Equal(TimeSpan.FromHours(12), set.ResponsesMaxAge);
        Assert.Equal(3, set.ResponsesMaxMb);
        Assert.False(set.ResponsesStore);
        var options = ResponseStoreOptions.From(set);
        Assert.Equal(Path.Combine(_dir, "responses.db"), options.DatabasePath);
        Assert.Equal(3L * 1024 * 1024, options.MaxBytes);

        var error = Assert.Throws<SettingsException>(() => Read(["--responses-max-age-days", "0", "--responses-max-mb", "-1", "--responses-store", "maybe"], [])).Message;
        Assert.Contains("SYNAPSE_RESPONSES_MAX_AGE_DAYS", error, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_RESPONSES_MAX_MB", error, StringComparison.Ordinal);
        Assert.Contains("SYNAPSE_RESPONSES_STORE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNodeRegistersTheStoreOrNoneWhenOff()
    {
        await using (var app = NodeApplication.Build(["--engine", "simulated", "--model", "m", "--data-dir", _dir], null, new Dictionary<string, string?>()))
        {
            var store = Assert.IsType<SqliteResponseStore>(app.Services.GetRequiredService<IResponseStore>());
            Assert.Equal(Path.Combine(_dir, ResponseStoreOptions.FileName), store.DatabasePath);
        }

        await using (var app = NodeApplication.Build(["--engine", "simulated", "--model", "m", "--data-dir", _dir, "--responses-store", "false"], null, new Dictionary<string, string?>()))
        {
            var store = Assert.IsType<DisabledResponseStore>(app.Services.GetRequiredService<IResponseStore>());
            await store.SaveAsync(new StoredResponse("resp_1", "m", DateTimeOffset.UnixEpoch, null, "[]", "{}"), TestContext.Current.CancellationToken);
            Assert.Null(await store.FindAsync("resp_1", TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task ACorruptStoreStopsTheNodesStartWithExitCode2()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, ResponseStoreOptions.FileName), new string('x', 4096), TestContext.Current.CancellationToken);
        var exitCode = await NodeApplication.RunAsync(
            ["--engine", "simulated", "--model", "m", "--data-dir", _dir, "--urls", "http://127.0.0.1:0"], TestContext.Current.CancellationToken);
        Assert.Equal(2, exitCode);
    }

    private NodeOptions Read(string[] args, Dictionary<string, string?> environment)
    {
        var configuration = new ConfigurationManager();
        NodeConfigurationBuilder.Configure(configuration, ["--engine", "simulated", "--model", "m", .. args], _dir, "Production", environment);
        return NodeConfigurationReader.Read(configuration).Node;
    }
}

using Synapse.Hosting.Settings;

namespace Synapse.Hosting.Tests.Settings;

/// <summary>NAME_FILE: a setting's value from a file (Kubernetes secret volumes, systemd credentials).</summary>
public sealed class SecretFileTests : IDisposable
{
    private sealed record TestSetting(string EnvironmentVariable) : Setting("Synapse", EnvironmentVariable, "--admin-key", "AdminKey", "(none)", "A key.");

    private static readonly IReadOnlyList<ISetting> Settings = [new TestSetting("SYNAPSE_ADMIN_KEY")];

    private readonly string _folder = Directory.CreateTempSubdirectory("synapse-secret-").FullName;

    [Fact]
    public void AFileVariableGivesTheSettingTheFilesContentWithoutItsTrailingNewline()
    {
        var path = Path.Combine(_folder, "admin-key");
        File.WriteAllText(path, "s3cret\n");
        var mapped = SettingsSources.MapVariables(Settings, new Dictionary<string, string> { ["SYNAPSE_ADMIN_KEY_FILE"] = path });
        Assert.Equal("s3cret", mapped["Synapse:AdminKey"]);
    }

    [Fact]
    public void TheVariableItselfWinsOverItsFile()
    {
        var path = Path.Combine(_folder, "admin-key");
        File.WriteAllText(path, "from-file");
        var mapped = SettingsSources.MapVariables(Settings, new Dictionary<string, string>
        {
            ["SYNAPSE_ADMIN_KEY_FILE"] = path,
            ["SYNAPSE_ADMIN_KEY"] = "direct",
        });
        Assert.Equal("direct", mapped["Synapse:AdminKey"]);
    }

    [Fact]
    public void AMissingFileIsASettingsErrorNamingTheVariable()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsSources.MapVariables(Settings,
            new Dictionary<string, string> { ["SYNAPSE_ADMIN_KEY_FILE"] = Path.Combine(_folder, "absent") }));
        Assert.StartsWith("SYNAPSE_ADMIN_KEY_FILE: cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileVariableOfNoSettingIsAPlainVariable()
    {
        var mapped = SettingsSources.MapVariables(Settings, new Dictionary<string, string> { ["OTHER_FILE"] = "/nowhere" });
        Assert.Equal("/nowhere", mapped["OTHER_FILE"]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

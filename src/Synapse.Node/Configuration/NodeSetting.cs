namespace Synapse.Node.Configuration;

/// <summary>
/// One setting of the node as a user meets it: its environment variable (also read from <c>.env</c>), its
/// command-line flag and its key in appsettings.json (under the <c>Synapse</c> section).
/// </summary>
public sealed record NodeSetting(string EnvironmentVariable, string? Flag, string Key, string Default, string Description)
    : Synapse.Hosting.Settings.Setting(NodeSettings.Section, EnvironmentVariable, Flag, Key, Default, Description);

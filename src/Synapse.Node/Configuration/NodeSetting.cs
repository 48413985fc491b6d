namespace Synapse.Node.Configuration;

/// <summary>
/// One setting of the node as a user meets it: its environment variable (also read from <c>.env</c>), its
/// command-line flag and its key in appsettings.json (under the <c>Synapse</c> section).
/// </summary>
public sealed record NodeSetting(string EnvironmentVariable, string? Flag, string Key, string Default, string Description) : ISetting
{
    /// <summary>The configuration path every source maps this setting to.</summary>
    public string ConfigurationPath => NodeSettings.Section + ":" + Key;

    /// <summary>How error messages name the setting, so a user finds it in whichever source they used.</summary>
    public string DisplayName => Flag is null
        ? $"{EnvironmentVariable} ({NodeSettings.Section}:{Key})"
        : $"{EnvironmentVariable} / {Flag} ({NodeSettings.Section}:{Key})";
}

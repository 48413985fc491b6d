namespace Synapse.Hosting.Settings;

/// <summary>
/// A settings-table row (environment variable, flag, appsettings.json key under <see cref="Section"/>): the node's
/// and the balancer's rows derive their configuration path and error-message name here, once.
/// </summary>
public abstract record Setting(string Section, string EnvironmentVariable, string? Flag, string Key, string Default, string Description) : ISetting
{
    /// <summary>The configuration path every source maps this setting to.</summary>
    public string ConfigurationPath => Section + ":" + Key;

    /// <summary>How error messages name the setting, so a user finds it in whichever source they used.</summary>
    public string DisplayName => Flag is null
        ? $"{EnvironmentVariable} ({ConfigurationPath})"
        : $"{EnvironmentVariable} / {Flag} ({ConfigurationPath})";
}

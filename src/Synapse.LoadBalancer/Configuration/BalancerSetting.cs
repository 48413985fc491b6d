namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// One setting of the balancer as a user meets it: its environment variable (also read from <c>.env</c>), its
/// command-line flag and its key in appsettings.json (under the <c>Synapse</c> section, as the node's).
/// </summary>
public sealed record BalancerSetting(string EnvironmentVariable, string? Flag, string Key, string Default, string Description) : Synapse.Node.Configuration.ISetting
{
    /// <summary>The configuration path every source maps this setting to.</summary>
    public string ConfigurationPath => BalancerSettings.Section + ":" + Key;

    /// <summary>How error messages name the setting, so a user finds it in whichever source they used.</summary>
    public string DisplayName => Flag is null
        ? $"{EnvironmentVariable} ({BalancerSettings.Section}:{Key})"
        : $"{EnvironmentVariable} / {Flag} ({BalancerSettings.Section}:{Key})";
}

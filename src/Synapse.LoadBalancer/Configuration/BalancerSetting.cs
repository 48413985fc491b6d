namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// One setting of the balancer as a user meets it: its environment variable (also read from <c>.env</c>), its
/// command-line flag and its key in appsettings.json (under the <c>Synapse</c> section, as the node's).
/// </summary>
public sealed record BalancerSetting(string EnvironmentVariable, string? Flag, string Key, string Default, string Description)
    : Synapse.Hosting.Settings.Setting(BalancerSettings.Section, EnvironmentVariable, Flag, Key, Default, Description);

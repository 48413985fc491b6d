namespace Synapse.Hosting.Settings;

/// <summary>
/// A setting as a user meets it, shared by the node's and the balancer's settings tables so both read, document and
/// map their settings with one piece of code.
/// </summary>
public interface ISetting
{
    string EnvironmentVariable { get; }

    string? Flag { get; }

    string Key { get; }

    string Default { get; }

    string Description { get; }

    /// <summary>The configuration path every source maps this setting to.</summary>
    string ConfigurationPath { get; }

    /// <summary>How error messages name the setting, so a user finds it in whichever source they used.</summary>
    string DisplayName { get; }
}

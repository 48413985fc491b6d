using System.Globalization;
using Microsoft.Extensions.Configuration;
using Synapse.Hosting.Settings;
using static Synapse.Hosting.Settings.SettingValues;

namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// Reads and validates every setting of <see cref="BalancerSettings"/> at start, collecting all problems so a user
/// fixes them in one go. Each message names the setting as the user can set it.
/// </summary>
public static class BalancerConfigurationReader
{
    public static (BalancerOptions Options, IReadOnlyList<ConfiguredNode> Nodes) Read(IConfigurationRoot configuration)
    {
        var errors = new List<string>();
        var nodes = ConfiguredNodesReader.Read(configuration, errors);
        var options = new BalancerOptions();
        Configure(configuration, options, errors);
        errors.AddRange(BalancerOptionsValidator.Errors(options));
        SettingsException.ThrowIfAny(errors);
        return (options, nodes);
    }

    /// <summary>
    /// Sets the balancer's options from configuration: the balancer registers this as the options' one configure step,
    /// and <see cref="Read"/> uses it to check them at start. Values that do not parse are added to
    /// <paramref name="errors"/> and leave the option's default.
    /// </summary>
    public static void Configure(IConfigurationRoot configuration, BalancerOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);

        var policyText = Get(configuration, BalancerSettings.Policy);
        var policySetting = BalancerSettings.Policy.DisplayName;
        if (string.IsNullOrWhiteSpace(policyText))
        {
            policyText = ConfiguredNodesReader.ReadYarpPolicy(configuration);
            policySetting = "ReverseProxy:Clusters:*:LoadBalancingPolicy";
        }

        if (!string.IsNullOrWhiteSpace(policyText))
        {
            if (TryParsePolicy(policyText, out var policy))
            {
                options.Policy = policy;
            }
            else
            {
                errors.Add($"{policySetting} must be round_robin, least_requests, power_of_two or prefix, got '{policyText}'.");
            }
        }

        options.HealthInterval = ReadTimeout(configuration, BalancerSettings.HealthInterval, options.HealthInterval, errors);
        options.HealthTimeout = ReadTimeout(configuration, BalancerSettings.HealthTimeout, options.HealthTimeout, errors);
        options.UnhealthyThreshold = ReadInt(configuration, BalancerSettings.UnhealthyThreshold, options.UnhealthyThreshold, int.MinValue, int.MaxValue, errors);
        options.HealthyThreshold = ReadInt(configuration, BalancerSettings.HealthyThreshold, options.HealthyThreshold, int.MinValue, int.MaxValue, errors);
        options.Retries = ReadInt(configuration, BalancerSettings.Retries, options.Retries, int.MinValue, int.MaxValue, errors);
        options.RequestTimeout = ReadTimeout(configuration, BalancerSettings.RequestTimeout, options.RequestTimeout, errors);
        options.ConnectTimeout = ReadTimeout(configuration, BalancerSettings.ConnectTimeout, options.ConnectTimeout, errors);
        options.ApiKeys = SplitList(Get(configuration, BalancerSettings.ApiKeys)).Distinct(StringComparer.Ordinal).ToArray();
        options.NodeApiKey = NullIfBlank(Get(configuration, BalancerSettings.NodeApiKey));
        options.AdminKey = NullIfBlank(Get(configuration, BalancerSettings.AdminKey));
        options.MaxBodyBytes = ReadLong(configuration, BalancerSettings.MaxBodyBytes, options.MaxBodyBytes, long.MinValue, errors);
        options.NodeHeader = ReadBool(configuration, BalancerSettings.NodeHeader, options.NodeHeader, errors);
        options.HeartbeatMisses = ReadInt(configuration, BalancerSettings.HeartbeatMisses, options.HeartbeatMisses, int.MinValue, int.MaxValue, errors);
        options.SessionAffinity = ReadBool(configuration, BalancerSettings.SessionAffinity, options.SessionAffinity, errors);
        options.Prefix.MatchThreshold = ReadDouble(configuration, BalancerSettings.PrefixMatchThreshold, options.Prefix.MatchThreshold, errors);
        options.Prefix.BalanceAbsolute = ReadInt(configuration, BalancerSettings.PrefixBalanceAbsolute, options.Prefix.BalanceAbsolute, int.MinValue, int.MaxValue, errors);
        options.Prefix.BalanceRelative = ReadDouble(configuration, BalancerSettings.PrefixBalanceRelative, options.Prefix.BalanceRelative, errors);
        options.Prefix.TreeCharacters = ReadInt(configuration, BalancerSettings.PrefixTreeCharacters, options.Prefix.TreeCharacters, int.MinValue, int.MaxValue, errors);
        options.Prefix.EntryLifetime = ReadTimeout(configuration, BalancerSettings.PrefixEntryLifetime, options.Prefix.EntryLifetime, errors);
        options.KubernetesService = NullIfBlank(Get(configuration, BalancerSettings.KubernetesService));
        options.KubernetesNamespace = NullIfBlank(Get(configuration, BalancerSettings.KubernetesNamespace)) ?? PodNamespace();
        options.KubernetesPort = NullIfBlank(Get(configuration, BalancerSettings.KubernetesPort));
        options.KubernetesScheme = NullIfBlank(Get(configuration, BalancerSettings.KubernetesScheme))?.ToLowerInvariant() ?? BalancerOptions.DefaultKubernetesScheme;
        options.TlsCertificate = NullIfBlank(Get(configuration, BalancerSettings.TlsCertificate));
        options.TlsKey = NullIfBlank(Get(configuration, BalancerSettings.TlsKey));
        options.NodeCa = NullIfBlank(Get(configuration, BalancerSettings.NodeCa));
        options.Urls = ResolveUrls(configuration, options.TlsCertificate is null ? "http" : "https", errors);
    }

    private static string PodNamespace() =>
        File.Exists(BalancerOptions.PodNamespaceFile) ? File.ReadAllText(BalancerOptions.PodNamespaceFile).Trim() : "default";

    /// <summary>Accepts the documented names and YARP's (RoundRobin, LeastRequests, PowerOfTwoChoices).</summary>
    public static bool TryParsePolicy(string text, out PolicyKind policy)
    {
        switch (text.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant())
        {
            case "roundrobin":
                policy = PolicyKind.RoundRobin;
                return true;
            case "leastrequests":
                policy = PolicyKind.LeastRequests;
                return true;
            case "poweroftwo" or "poweroftwochoices":
                policy = PolicyKind.PowerOfTwoChoices;
                return true;
            case "prefix" or "cacheaware":
                policy = PolicyKind.Prefix;
                return true;
            default:
                policy = default;
                return false;
        }
    }

    public static string Name(PolicyKind policy) => policy switch
    {
        PolicyKind.LeastRequests => "least_requests",
        PolicyKind.PowerOfTwoChoices => "power_of_two",
        PolicyKind.Prefix => "prefix",
        _ => "round_robin",
    };

    /// <summary>--host/--port are shortcuts for ASP.NET's urls; whichever comes from the source of higher precedence wins.</summary>
    private static string ResolveUrls(IConfigurationRoot configuration, string scheme, List<string> errors)
    {
        var host = Get(configuration, BalancerSettings.Host);
        var portText = Get(configuration, BalancerSettings.Port);
        var port = BalancerOptions.DefaultPort;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            errors.Add($"{BalancerSettings.Port.DisplayName} must be a port number (0-65535), got '{portText}'.");
        }

        var hostText = string.IsNullOrWhiteSpace(host) ? BalancerOptions.DefaultHost : host.Trim();
        if (hostText.Contains(':', StringComparison.Ordinal) && !hostText.StartsWith('['))
        {
            hostText = $"[{hostText}]";
        }

        var shortcuts = $"{scheme}://{hostText}:{port}";
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider.TryGet(BalancerSettings.Host.ConfigurationPath, out _) || provider.TryGet(BalancerSettings.Port.ConfigurationPath, out _))
            {
                return shortcuts;
            }

            if (provider.TryGet("urls", out var urls) && !string.IsNullOrWhiteSpace(urls))
            {
                return urls;
            }
        }

        return shortcuts;
    }

    private static TimeSpan ReadTimeout(IConfiguration configuration, BalancerSetting setting, TimeSpan fallback, List<string> errors) =>
        TimeSpan.FromSeconds(ReadSeconds(configuration, setting, fallback.TotalSeconds, BalancerOptions.MinTimeout.TotalSeconds, errors));

    /// <summary>A number; its range is the validator's to check.</summary>
    private static double ReadDouble(IConfiguration configuration, BalancerSetting setting, double fallback, List<string> errors)
    {
        var text = Get(configuration, setting);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add($"{setting.DisplayName} must be a number, got '{text}'.");
            return fallback;
        }

        return value;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

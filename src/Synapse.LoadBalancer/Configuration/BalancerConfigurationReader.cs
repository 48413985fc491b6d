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
        var options = new BalancerOptions();

        var nodes = ConfiguredNodesReader.Read(configuration, errors);

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
                errors.Add($"{policySetting} must be round_robin, least_requests or power_of_two, got '{policyText}'.");
            }
        }

        options.HealthInterval = TimeSpan.FromSeconds(ReadSeconds(configuration, BalancerSettings.HealthInterval, 5, min: 0.01, errors));
        options.HealthTimeout = TimeSpan.FromSeconds(ReadSeconds(configuration, BalancerSettings.HealthTimeout, 5, min: 0.01, errors));
        options.UnhealthyThreshold = ReadInt(configuration, BalancerSettings.UnhealthyThreshold, 2, min: 1, max: 1000, errors);
        options.HealthyThreshold = ReadInt(configuration, BalancerSettings.HealthyThreshold, 1, min: 1, max: 1000, errors);
        options.Retries = ReadInt(configuration, BalancerSettings.Retries, 2, min: 0, max: 100, errors);
        options.RequestTimeout = TimeSpan.FromSeconds(ReadSeconds(configuration, BalancerSettings.RequestTimeout, 600, min: 0.01, errors));
        options.ConnectTimeout = TimeSpan.FromSeconds(ReadSeconds(configuration, BalancerSettings.ConnectTimeout, 5, min: 0.01, errors));
        options.ApiKeys = SplitList(Get(configuration, BalancerSettings.ApiKeys)).Distinct(StringComparer.Ordinal).ToArray();
        options.NodeApiKey = NullIfBlank(Get(configuration, BalancerSettings.NodeApiKey));
        options.AdminKey = NullIfBlank(Get(configuration, BalancerSettings.AdminKey));
        options.MaxBodyBytes = ReadLong(configuration, BalancerSettings.MaxBodyBytes, options.MaxBodyBytes, min: 1024, errors);
        options.NodeHeader = ReadBool(configuration, BalancerSettings.NodeHeader, true, errors);
        options.HeartbeatMisses = ReadInt(configuration, BalancerSettings.HeartbeatMisses, 3, min: 1, max: 1000, errors);
        options.Urls = ResolveUrls(configuration, errors);

        SettingsException.ThrowIfAny(errors);

        return (options, nodes);
    }

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
            default:
                policy = default;
                return false;
        }
    }

    public static string Name(PolicyKind policy) => policy switch
    {
        PolicyKind.LeastRequests => "least_requests",
        PolicyKind.PowerOfTwoChoices => "power_of_two",
        _ => "round_robin",
    };

    /// <summary>--host/--port are shortcuts for ASP.NET's urls; whichever comes from the source of higher precedence wins.</summary>
    private static string ResolveUrls(IConfigurationRoot configuration, List<string> errors)
    {
        var host = Get(configuration, BalancerSettings.Host);
        var portText = Get(configuration, BalancerSettings.Port);
        var port = 5000;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            errors.Add($"{BalancerSettings.Port.DisplayName} must be a port number (0-65535), got '{portText}'.");
        }

        var hostText = string.IsNullOrWhiteSpace(host) ? "0.0.0.0" : host.Trim();
        if (hostText.Contains(':', StringComparison.Ordinal) && !hostText.StartsWith('['))
        {
            hostText = $"[{hostText}]";
        }

        var shortcuts = $"http://{hostText}:{port}";
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

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using Microsoft.Extensions.Configuration;

namespace Synapse.LoadBalancer.Configuration;

/// <summary>
/// Reads the node list from SYNAPSE_NODES and from YARP's <c>ReverseProxy:Clusters:*:Destinations:*:Address</c>
/// layout, so an appsettings.json written for YARP works as is.
/// </summary>
public static class ConfiguredNodesReader
{
    public const string ReverseProxySection = "ReverseProxy";

    public static IReadOnlyList<ConfiguredNode> Read(IConfiguration configuration, List<string> errors)
    {
        var nodes = new List<ConfiguredNode>();
        var text = configuration[BalancerSettings.Nodes.ConfigurationPath];
        if (!string.IsNullOrWhiteSpace(text))
        {
            foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (TryParseUrl(entry, out var url))
                {
                    nodes.Add(new ConfiguredNode(NodeIds.FromUrl(url), url));
                }
                else
                {
                    errors.Add($"{BalancerSettings.Nodes.DisplayName}: '{entry}' is not an http:// or https:// URL.");
                }
            }
        }

        foreach (var cluster in configuration.GetSection(ReverseProxySection).GetSection("Clusters").GetChildren())
        {
            foreach (var destination in cluster.GetSection("Destinations").GetChildren())
            {
                var address = destination["Address"];
                if (TryParseUrl(address, out var url))
                {
                    nodes.Add(new ConfiguredNode(destination.Key, url));
                }
                else
                {
                    errors.Add($"{destination.Path}:Address: '{address}' is not an http:// or https:// URL.");
                }
            }
        }

        // One node per URL and per id: the first naming wins.
        return nodes.DistinctBy(n => NodeIds.Normalize(n.Url)).DistinctBy(n => n.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The policy of a YARP cluster (<c>LoadBalancingPolicy</c>), when one is set there.</summary>
    public static string? ReadYarpPolicy(IConfiguration configuration) =>
        configuration.GetSection(ReverseProxySection).GetSection("Clusters").GetChildren()
            .Select(c => c["LoadBalancingPolicy"]).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p));

    public static bool TryParseUrl(string? text, out Uri url)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        url = parsed;
        return true;
    }
}

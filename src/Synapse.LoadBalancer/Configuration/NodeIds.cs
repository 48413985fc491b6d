namespace Synapse.LoadBalancer.Configuration;

/// <summary>How nodes are named: host:port, short and stable, so logs, metrics and X-Synapse-Node read plainly.</summary>
public static class NodeIds
{
    public static string FromUrl(Uri url) => url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";

    /// <summary>The form used to compare URLs and to forward to: scheme://host:port/path without a trailing slash.</summary>
    public static string Normalize(Uri url) => url.GetLeftPart(UriPartial.Path).TrimEnd('/');
}

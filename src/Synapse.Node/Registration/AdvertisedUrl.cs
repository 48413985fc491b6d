using System.Net;

namespace Synapse.Node.Registration;

/// <summary>The URL a node announces: SYNAPSE_ADVERTISE_URL, else the address it is bound to with a reachable host.</summary>
public static class AdvertisedUrl
{
    /// <summary>
    /// A wildcard bind (0.0.0.0, [::], +, *) names no host a balancer can dial: a balancer on loopback reaches the node
    /// on 127.0.0.1, any other balancer by the machine's name.
    /// </summary>
    public static Uri Resolve(Uri? configured, IEnumerable<string> boundAddresses, Uri balancer, Func<string>? hostName = null)
    {
        ArgumentNullException.ThrowIfNull(boundAddresses);
        ArgumentNullException.ThrowIfNull(balancer);
        if (configured is not null)
        {
            return configured;
        }

        var bound = boundAddresses
            .Select(a => Uri.TryCreate(a.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal), UriKind.Absolute, out var u) ? u : null)
            .OfType<Uri>()
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("The node listens on no address it could announce; set SYNAPSE_ADVERTISE_URL.");

        var host = bound.Host;
        if (IsWildcard(host))
        {
            host = balancer.IsLoopback ? "127.0.0.1" : (hostName ?? Dns.GetHostName)();
        }

        return new UriBuilder(bound.Scheme, host, bound.Port).Uri;
    }

    private static bool IsWildcard(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));
}

using System.Globalization;
using k8s.Models;
using Synapse.LoadBalancer.Configuration;

namespace Synapse.LoadBalancer.Discovery;

/// <summary>Reads the nodes out of EndpointSlices, as Kubernetes defines their fields.</summary>
public static class EndpointSlices
{
    /// <summary>The label Kubernetes puts on every EndpointSlice of a Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>
    /// The endpoints of one slice. The port is the one named <see cref="BalancerOptions.KubernetesPort"/> (else the
    /// slice's first); a slice without it, or of FQDN addresses, lists none.
    /// </summary>
    public static IReadOnlyList<KubernetesEndpoint> Read(V1EndpointSlice slice, BalancerOptions options)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(options);
        var port = options.KubernetesPort is null
            ? slice.Ports?.FirstOrDefault()
            : slice.Ports?.FirstOrDefault(p => string.Equals(p.Name, options.KubernetesPort, StringComparison.Ordinal));
        if (port?.Port is not { } number || slice.Endpoints is null || slice.AddressType is not ("IPv4" or "IPv6"))
        {
            return [];
        }

        var endpoints = new List<KubernetesEndpoint>();
        foreach (var endpoint in slice.Endpoints)
        {
            // Every address of an endpoint is the same pod; the first is enough.
            var address = endpoint.Addresses?.FirstOrDefault();
            if (string.IsNullOrEmpty(address))
            {
                continue;
            }

            var host = slice.AddressType == "IPv6" ? $"[{address}]" : address;
            var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"{options.KubernetesScheme}://{host}:{number}"));
            var name = endpoint.TargetRef?.Name ?? endpoint.Hostname ?? address;
            // A missing ready condition means ready (the API's rule); a terminating endpoint is never ready for new work.
            var ready = endpoint.Conditions?.Ready != false && endpoint.Conditions?.Terminating != true;
            endpoints.Add(new KubernetesEndpoint(name, url, ready));
        }

        return endpoints;
    }
}

using System.Net;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Health;

/// <summary>
/// YARP's active probe request (GET the cluster's health path on the destination's address), marked as a probe so
/// <see cref="ProbeBufferingHandler"/> reads its answer.
/// </summary>
public sealed class NodeProbeRequestFactory : IProbingRequestFactory
{
    public static readonly HttpRequestOptionsKey<bool> ProbeOption = new("Synapse.HealthProbe");

    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var address = !string.IsNullOrEmpty(destination.Config.Health) ? destination.Config.Health : destination.Config.Address;
        var path = cluster.Config.HealthCheck?.Active?.Path ?? "/";
        var request = new HttpRequestMessage(HttpMethod.Get, address.TrimEnd('/') + path)
        {
            Version = cluster.Config.HttpRequest?.Version ?? HttpVersion.Version11,
            VersionPolicy = cluster.Config.HttpRequest?.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Options.Set(ProbeOption, true);
        return request;
    }
}

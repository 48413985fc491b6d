using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Synapse.LoadBalancer.Discovery;

public static class KubernetesDiscoveryExtensions
{
    /// <summary>
    /// EndpointSlice discovery (off unless SYNAPSE_K8S_SERVICE is set). The API client is made from the pod's
    /// in-cluster credentials the first time discovery needs it; a replacement registered later wins.
    /// </summary>
    public static IServiceCollection AddSynapseKubernetesDiscovery(this IServiceCollection services)
    {
        services.TryAddSingleton<IKubernetes>(_ => new Kubernetes(KubernetesClientConfiguration.InClusterConfig()));
        services.AddSingleton<KubernetesNodeDiscovery>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesNodeDiscovery>());
        return services;
    }
}

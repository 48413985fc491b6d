using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Security;
using Synapse.LoadBalancer.Configuration;

namespace Synapse.LoadBalancer.Security;

public static class BalancerApiKeys
{
    /// <summary>
    /// Client keys (SYNAPSE_API_KEYS) guard /v1/*, /tokenize and /detokenize; the admin key (SYNAPSE_ADMIN_KEY) guards /admin/*, which without it
    /// only loopback clients may use. /health and /metrics stay open, as on the node.
    /// </summary>
    public static IServiceCollection AddSynapseBalancerApiKeys(this IServiceCollection services)
    {
        services.AddSynapseApiKeys();
        services.AddOptions<ApiKeyOptions>(ApiKeyDefaults.AuthenticationScheme).Configure<BalancerOptions>((keys, balancer) =>
        {
            keys.ClientKeys = balancer.ApiKeys;
            keys.AdminKey = balancer.AdminKey;
            keys.AdminPath = "/admin";
        });
        return services;
    }
}

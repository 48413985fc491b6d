using Microsoft.Extensions.DependencyInjection;
using Synapse.Hosting.Security;
using Synapse.Node.Configuration;

namespace Synapse.Node.Security;

public static class ApiKeyExtensions
{
    /// <summary>SYNAPSE_API_KEYS and SYNAPSE_API_KEY_FILE guard /v1/*, /tokenize and /detokenize; the node has no admin API.</summary>
    public static IServiceCollection AddSynapseNodeApiKeys(this IServiceCollection services)
    {
        services.AddSynapseApiKeys();
        services.AddOptions<ApiKeyOptions>(ApiKeyDefaults.AuthenticationScheme)
            .Configure<NodeOptions>((keys, node) => keys.ClientKeys = node.ApiKeys);
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Synapse.Engine.Hosting;

namespace Synapse.Node.Configuration;

public static class NodeOptionsExtensions
{
    /// <summary>
    /// The node's options as read (and checked) at start, and the engine's options configured once from the same
    /// configuration by <see cref="NodeConfigurationReader.ConfigureEngine"/>; the engine's validator checks them again
    /// when the host starts (ValidateOnStart), so a host that configures them otherwise is checked too.
    /// </summary>
    public static IServiceCollection AddSynapseNodeOptions(this IServiceCollection services, NodeOptions options)
    {
        services.AddSingleton(options);
        services.AddOptions<EngineOptions>()
            .Configure<IConfiguration>((engine, configuration) => NodeConfigurationReader.ConfigureEngine(configuration, options, engine, []));
        return services;
    }
}

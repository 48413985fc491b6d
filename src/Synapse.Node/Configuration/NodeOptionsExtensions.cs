using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Synapse.Engine.Hosting;

namespace Synapse.Node.Configuration;

public static class NodeOptionsExtensions
{
    /// <summary>
    /// The node's and the engine's options, each configured once from configuration (by
    /// <see cref="NodeConfigurationReader.ConfigureNode"/> and <see cref="NodeConfigurationReader.ConfigureEngine"/>)
    /// and validated when the host starts; services take <see cref="NodeOptions"/> itself.
    /// </summary>
    public static IServiceCollection AddSynapseNodeOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>());
        services.AddOptions<NodeOptions>()
            .Configure<IConfiguration>((node, configuration) => NodeConfigurationReader.ConfigureNode(Root(configuration), node, []))
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<NodeOptions>>().Value);
        services.AddOptions<EngineOptions>()
            .Configure<IConfiguration, NodeOptions>((engine, configuration, node) => NodeConfigurationReader.ConfigureEngine(configuration, node, engine, []));
        return services;
    }

    private static IConfigurationRoot Root(IConfiguration configuration) =>
        configuration as IConfigurationRoot ?? throw new InvalidOperationException("The node's configuration is not a configuration root.");
}

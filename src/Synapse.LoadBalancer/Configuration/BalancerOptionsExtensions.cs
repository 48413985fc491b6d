using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Synapse.LoadBalancer.Configuration;

public static class BalancerOptionsExtensions
{
    /// <summary>
    /// <see cref="BalancerOptions"/> configured once from configuration by <see cref="BalancerConfigurationReader.Configure"/>
    /// and validated when the host starts; services take the options object itself.
    /// </summary>
    public static IServiceCollection AddSynapseBalancerOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BalancerOptions>, BalancerOptionsValidator>());
        services.AddOptions<BalancerOptions>()
            .Configure<IConfiguration>((options, configuration) => BalancerConfigurationReader.Configure(
                configuration as IConfigurationRoot ?? throw new InvalidOperationException("The balancer's configuration is not a configuration root."), options, []))
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<BalancerOptions>>().Value);
        return services;
    }
}

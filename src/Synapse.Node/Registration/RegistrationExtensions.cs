using Microsoft.Extensions.DependencyInjection;

namespace Synapse.Node.Registration;

public static class RegistrationExtensions
{
    /// <summary>Self-registration with a load balancer; does nothing unless SYNAPSE_BALANCER_URL is set.</summary>
    public static IServiceCollection AddSynapseRegistration(this IServiceCollection services)
    {
        services.AddHostedService<BalancerRegistration>();
        return services;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Synapse.Node.Security;

public static class ApiKeyExtensions
{
    public static IServiceCollection AddSynapseApiKeys(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyValidator>();
        return services;
    }

    public static IApplicationBuilder UseSynapseApiKeys(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyMiddleware>();
}

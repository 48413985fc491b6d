using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Synapse.Hosting.Security;

public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>
    /// API keys as one authentication scheme (<see cref="ApiKeyDefaults.AuthenticationScheme"/>) with the client and
    /// admin authorization policies; <paramref name="configure"/> (or a later <c>Configure</c> of
    /// <see cref="ApiKeyOptions"/> named after the scheme) gives the keys and the guarded paths.
    /// </summary>
    public static IServiceCollection AddSynapseApiKeys(this IServiceCollection services, Action<ApiKeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ApiKeySets>();
        services.AddAuthentication(ApiKeyDefaults.AuthenticationScheme)
            .AddScheme<ApiKeyOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationScheme, configure ?? (_ => { }));
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.ClientPolicy, Policy(ApiKeyDefaults.ClientRole))
            .AddPolicy(ApiKeyDefaults.AdminPolicy, Policy(ApiKeyDefaults.AdminRole));
        return services;
    }

    /// <summary>Guards the client and admin paths; call before routing.</summary>
    public static IApplicationBuilder UseSynapseApiKeys(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyAuthorizationMiddleware>();

    private static AuthorizationPolicy Policy(string role) => new AuthorizationPolicyBuilder(ApiKeyDefaults.AuthenticationScheme)
        .AddRequirements(new ApiKeyRequirement(role))
        .Build();
}

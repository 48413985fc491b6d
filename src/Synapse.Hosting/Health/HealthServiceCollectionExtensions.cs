using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Synapse.Hosting.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>ASP.NET Core health checks; add the program's checks to the returned builder with the live or ready tag.</summary>
    public static IHealthChecksBuilder AddSynapseHealth(this IServiceCollection services) => services.AddHealthChecks();

    /// <summary>
    /// <c>/health</c> (liveness: 200 while the process answers) and <c>/health/ready</c> (readiness: 503 while a ready
    /// check fails), both in Synapse's JSON shape.
    /// </summary>
    public static IEndpointRouteBuilder MapSynapseHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", Options(SynapseHealthChecks.LiveTag)).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        endpoints.MapHealthChecks("/health/ready", Options(SynapseHealthChecks.ReadyTag)).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        return endpoints;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = HealthResponseWriter.WriteAsync,
    };
}

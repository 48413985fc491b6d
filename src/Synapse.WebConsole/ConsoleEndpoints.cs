using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synapse.WebConsole.Assets;

namespace Synapse.WebConsole;

/// <summary>
/// The web console at <c>/</c> (the page) and <c>/assets/…</c> (its hashed scripts, styles and fonts). Open like
/// /health: the page holds no secret; what it calls (/v1, /admin) asks for keys as any client's call does.
/// </summary>
public static class ConsoleEndpoints
{
    public static IServiceCollection AddSynapseConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleAssets>();
        return services;
    }

    public static IEndpointRouteBuilder MapSynapseConsole(this IEndpointRouteBuilder endpoints)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/", methods, (HttpContext context, ConsoleAssets assets) => assets.Index is { } index
            ? ConsoleAssetWriter.WriteAsync(context, index)
            : Results.Text("The web console was not built into this program (its build needs node and npm).", statusCode: 503).ExecuteAsync(context))
            .ExcludeFromDescription();

        endpoints.MapMethods("/assets/{**path}", methods, (HttpContext context, string path, ConsoleAssets assets) =>
            assets.Find("assets/" + path) is { } asset
                ? ConsoleAssetWriter.WriteAsync(context, asset)
                : Results.NotFound().ExecuteAsync(context))
            .ExcludeFromDescription();
        return endpoints;
    }
}

using System.Net;
using Microsoft.AspNetCore.Http;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Errors;
using Synapse.OpenAI.Errors;

namespace Synapse.LoadBalancer.Security;

/// <summary>
/// Client keys guard /v1/* (when any is set); the admin key guards /admin/* (without one, only loopback clients
/// may use it). /health and /metrics stay open, as on the node.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next, BalancerOptions options)
{
    private readonly KeyCheck _clients = new(options.ApiKeys);
    private readonly KeyCheck _admin = new(options.AdminKey is null ? [] : [options.AdminKey]);

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) && _clients.Enabled)
        {
            var key = KeyCheck.BearerKey(context.Request.Headers.Authorization.ToString(), out var present);
            if (!present)
            {
                return Reject(context, ApiError.MissingApiKey());
            }

            if (key is null || !_clients.IsValid(key))
            {
                return Reject(context, ApiError.InvalidApiKey(key));
            }
        }
        else if (path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase))
        {
            if (_admin.Enabled)
            {
                var key = KeyCheck.BearerKey(context.Request.Headers.Authorization.ToString(), out _);
                if (key is null || !_admin.IsValid(key))
                {
                    return Reject(context, BalancerErrors.AdminKeyRequired(configured: true));
                }
            }
            else if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            {
                return ErrorWriter.WriteAsync(context, BalancerErrors.AdminKeyRequired(configured: false));
            }
        }

        return next(context);
    }

    private static Task Reject(HttpContext context, ApiError error)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ErrorWriter.WriteAsync(context, error);
    }
}

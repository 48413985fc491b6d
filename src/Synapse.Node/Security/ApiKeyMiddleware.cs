using Microsoft.AspNetCore.Http;
using Synapse.Node.Errors;
using Synapse.OpenAI.Errors;

namespace Synapse.Node.Security;

/// <summary>Guards /v1/* with <c>Authorization: Bearer &lt;key&gt;</c> when keys are configured; health and metrics stay open.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyValidator validator, ErrorResponder responder)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!validator.Enabled || !context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Reject(context, ApiError.MissingApiKey());
        }

        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Reject(context, ApiError.InvalidApiKey(null));
        }

        var key = header.AsSpan(scheme.Length).Trim();
        return validator.IsValid(key) ? next(context) : Reject(context, ApiError.InvalidApiKey(key.ToString()));
    }

    private Task Reject(HttpContext context, ApiError error)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return responder.WriteAsync(context, error);
    }
}

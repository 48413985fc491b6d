using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Synapse.Hosting.Security;

/// <summary>
/// Applies the client policy to every path under <see cref="ApiKeyOptions.ClientPaths"/> and the admin policy under
/// <see cref="ApiKeyOptions.AdminPath"/> before routing, so an unknown <c>/v1</c> path without a key is refused
/// like a known one and proxied routes need no endpoint metadata. Health and metrics stay open.
/// </summary>
internal sealed class ApiKeyAuthorizationMiddleware(RequestDelegate next, IOptionsMonitor<ApiKeyOptions> options,
    IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var settings = options.Get(ApiKeyDefaults.AuthenticationScheme);
        var path = context.Request.Path;
        var (policyName, area) = settings.ClientPaths.Any(client => path.StartsWithSegments(client, StringComparison.OrdinalIgnoreCase))
            ? (ApiKeyDefaults.ClientPolicy, ApiKeyDefaults.ClientRole)
            : settings.AdminPath is { } admin && path.StartsWithSegments(admin, StringComparison.OrdinalIgnoreCase)
                ? (ApiKeyDefaults.AdminPolicy, ApiKeyDefaults.AdminRole)
                : (null, null);
        if (policyName is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var policy = await policies.GetPolicyAsync(policyName).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The authorization policy {policyName} is not registered (AddSynapseApiKeys).");
        var authentication = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, context).ConfigureAwait(false);
        if (authorization.Succeeded)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var properties = new AuthenticationProperties();
        properties.Items[ApiKeyAuthenticationHandler.AreaItem] = area;
        if (authorization.Challenged)
        {
            await context.ChallengeAsync(ApiKeyDefaults.AuthenticationScheme, properties).ConfigureAwait(false);
        }
        else
        {
            await context.ForbidAsync(ApiKeyDefaults.AuthenticationScheme, properties).ConfigureAwait(false);
        }
    }
}

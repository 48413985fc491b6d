using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Synapse.Hosting.Errors;
using Synapse.OpenAI.Errors;

namespace Synapse.Hosting.Security;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;key&gt;</c>: a client key carries the client role, the admin key the admin role.
/// Challenges and refusals answer in OpenAI's envelope (401 missing/invalid key, 403 remote admin without a key).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeySets keys)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    /// <summary>Which policy refused the request, so the answer names the right key.</summary>
    internal const string AreaItem = "synapse:area";

    private const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not a bearer key."));
        }

        var key = header.AsSpan(Bearer.Length).Trim();
        var claims = new List<Claim>(2);
        // Both sets are always checked, so the time taken says nothing about which one matched.
        var client = keys.Clients.Contains(key);
        var admin = keys.Admin.Contains(key);
        if (client)
        {
            claims.Add(new Claim(ClaimTypes.Role, ApiKeyDefaults.ClientRole));
        }

        if (admin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ApiKeyDefaults.AdminRole));
        }

        if (claims.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer key is not a configured key."));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => RefuseAsync(properties);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => RefuseAsync(properties);

    private Task RefuseAsync(AuthenticationProperties properties)
    {
        if (properties.Items.TryGetValue(AreaItem, out var area) && area == ApiKeyDefaults.AdminRole)
        {
            return keys.Admin.Enabled
                ? OpenAIErrorWriter.WriteAsync(Context, ApiKeyErrors.AdminKeyRequired(configured: true), authenticate: "Bearer")
                : OpenAIErrorWriter.WriteAsync(Context, ApiKeyErrors.AdminKeyRequired(configured: false));
        }

        var header = Request.Headers.Authorization.ToString();
        var error = string.IsNullOrWhiteSpace(header)
            ? ApiError.MissingApiKey()
            : ApiError.InvalidApiKey(header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header[Bearer.Length..].Trim() : null);
        return OpenAIErrorWriter.WriteAsync(Context, error, authenticate: "Bearer");
    }
}

using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Synapse.Hosting.Security;

/// <summary>
/// The role a path needs. A role with no configured key is open (client paths) or open to loopback clients only
/// (admin paths), so an unconfigured program works on one machine and is closed to the network.
/// </summary>
internal sealed class ApiKeyRequirement(string role) : AuthorizationHandler<ApiKeyRequirement>, IAuthorizationRequirement
{
    public string Role { get; } = role;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var keys = http?.RequestServices.GetService(typeof(ApiKeySets)) as ApiKeySets;
        var configured = requirement.Role == ApiKeyDefaults.AdminRole ? keys?.Admin.Enabled : keys?.Clients.Enabled;
        if (configured == false)
        {
            var open = requirement.Role != ApiKeyDefaults.AdminRole
                || http?.Connection.RemoteIpAddress is not { } remote
                || IPAddress.IsLoopback(remote);
            if (open)
            {
                context.Succeed(requirement);
            }
        }
        else if (context.User.IsInRole(requirement.Role))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

using Microsoft.Extensions.Options;

namespace Synapse.Hosting.Security;

/// <summary>The configured keys, hashed once rather than on every request.</summary>
internal sealed class ApiKeySets(IOptionsMonitor<ApiKeyOptions> options)
{
    private readonly Lazy<(ApiKeySet Clients, ApiKeySet Admin)> _sets = new(() =>
    {
        var value = options.Get(ApiKeyDefaults.AuthenticationScheme);
        return (new ApiKeySet(value.ClientKeys), new ApiKeySet(value.AdminKey is null ? [] : [value.AdminKey]));
    });

    public ApiKeySet Clients => _sets.Value.Clients;

    public ApiKeySet Admin => _sets.Value.Admin;
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Synapse.Hosting.Security;

/// <summary>Which keys open which paths (SYNAPSE_API_KEYS, SYNAPSE_API_KEY_FILE, SYNAPSE_ADMIN_KEY).</summary>
public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>Keys accepted on <see cref="ClientPath"/>; none leaves it open.</summary>
    public IReadOnlyList<string> ClientKeys { get; set; } = [];

    /// <summary>The key of <see cref="AdminPath"/>; null opens it to loopback clients only.</summary>
    public string? AdminKey { get; set; }

    public PathString ClientPath { get; set; } = "/v1";

    /// <summary>Null where the program has no admin API (the node).</summary>
    public PathString? AdminPath { get; set; }
}

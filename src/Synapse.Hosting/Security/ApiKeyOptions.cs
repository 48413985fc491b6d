using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Synapse.Hosting.Security;

/// <summary>Which keys open which paths (SYNAPSE_API_KEYS, SYNAPSE_API_KEY_FILE, SYNAPSE_ADMIN_KEY).</summary>
public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>Keys accepted on <see cref="ClientPaths"/>; none leaves them open.</summary>
    public IReadOnlyList<string> ClientKeys { get; set; } = [];

    /// <summary>The key of <see cref="AdminPath"/>; null opens it to loopback clients only.</summary>
    public string? AdminKey { get; set; }

    /// <summary>The OpenAI API (<c>/v1</c>) and llama-server's and vLLM's root-level <c>/tokenize</c> and <c>/detokenize</c>.</summary>
    public IReadOnlyList<PathString> ClientPaths { get; set; } = ["/v1", "/tokenize", "/detokenize"];

    /// <summary>Null where the program has no admin API (the node).</summary>
    public PathString? AdminPath { get; set; }
}

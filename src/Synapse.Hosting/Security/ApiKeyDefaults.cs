namespace Synapse.Hosting.Security;

/// <summary>The names of the API-key authentication scheme, its policies and the roles its keys carry.</summary>
public static class ApiKeyDefaults
{
    public const string AuthenticationScheme = "SynapseApiKey";

    /// <summary>Policy of <c>/v1/*</c>: a client key when any is configured, else open.</summary>
    public const string ClientPolicy = "SynapseClient";

    /// <summary>Policy of <c>/admin/*</c>: the admin key when configured, else loopback clients only.</summary>
    public const string AdminPolicy = "SynapseAdmin";

    public const string ClientRole = "client";

    public const string AdminRole = "admin";
}

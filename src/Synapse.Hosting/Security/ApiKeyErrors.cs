using Synapse.OpenAI.Errors;

namespace Synapse.Hosting.Security;

/// <summary>The admin API's refusals (client keys use <see cref="ApiError.MissingApiKey"/> and <see cref="ApiError.InvalidApiKey"/>).</summary>
public static class ApiKeyErrors
{
    /// <summary>401 without the configured admin key; 403 for a remote client while no admin key is set.</summary>
    public static ApiError AdminKeyRequired(bool configured) => new(configured ? 401 : 403,
        configured
            ? "The admin API needs `Authorization: Bearer <SYNAPSE_ADMIN_KEY>`."
            : "The admin API is open to loopback clients only while SYNAPSE_ADMIN_KEY is not set.",
        ErrorTypes.InvalidRequest, null, ErrorCodes.InvalidApiKey);
}

using System.Globalization;
using Synapse.OpenAI.Errors;

namespace Synapse.LoadBalancer.Errors;

/// <summary>The errors the balancer answers itself, in OpenAI's envelope (codes in the style of <see cref="ErrorCodes"/>).</summary>
public static class BalancerErrors
{
    public const string NoHealthyNodeCode = "no_healthy_node";
    public const string NodeFailedCode = "node_failed";
    public const string NodeTimeoutCode = "node_timeout";

    /// <summary>OpenAI's code for a <c>previous_response_id</c> it cannot find.</summary>
    public const string PreviousResponseNotFoundCode = "previous_response_not_found";

    /// <summary>503: no node can take the request now (all down, loading or drained).</summary>
    public static ApiError NoHealthyNode() => new(503,
        "No healthy node is available to serve this request. Please retry your request after a brief wait.",
        ErrorTypes.Server, null, NoHealthyNodeCode) { RetryAfterSeconds = 1 };

    /// <summary>503: the model exists in the fleet but none of the nodes serving it is healthy.</summary>
    public static ApiError NoHealthyNodeForModel(string model) => new(503,
        $"No healthy node serves the model `{model}` right now. Please retry your request after a brief wait.",
        ErrorTypes.Server, null, NoHealthyNodeCode) { RetryAfterSeconds = 1 };

    /// <summary>502: the request's node(s) failed before answering and no other node was left to try.</summary>
    public static ApiError NodesFailed(int attempts, string lastReason) => new(502,
        $"The request failed on {attempts.ToString(CultureInfo.InvariantCulture)} node(s) before any answer and no other node could take it (last: {lastReason}).",
        ErrorTypes.Server, null, NodeFailedCode);

    /// <summary>504: the node stayed silent longer than the request timeout.</summary>
    public static ApiError NodeTimedOut(string nodeId, TimeSpan timeout) => new(504,
        $"The node {nodeId} sent nothing for {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (SYNAPSE_REQUEST_TIMEOUT).",
        ErrorTypes.Server, null, NodeTimeoutCode);

    /// <summary>The event that ends a stream whose node failed mid-way.</summary>
    public static ApiError StreamInterrupted(string nodeId) => new(502,
        $"The node {nodeId} serving this stream failed before it finished; the output above is incomplete. Please retry your request.",
        ErrorTypes.Server, null, NodeFailedCode);

    /// <summary>400 for admin requests with a bad body.</summary>
    public static ApiError InvalidAdminRequest(string message, string? param = null) => new(400,
        message, ErrorTypes.InvalidRequest, param, ErrorCodes.InvalidValue);

    public static ApiError NodeNotFound(string id) => new(404,
        $"No node has the id '{id}'.", ErrorTypes.InvalidRequest, null, "node_not_found");

    /// <summary>401/403 for /admin without the admin key.</summary>
    public static ApiError AdminKeyRequired(bool configured) => Synapse.Hosting.Security.ApiKeyErrors.AdminKeyRequired(configured);
}

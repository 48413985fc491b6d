using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Synapse.Hosting.Health;

/// <summary>Tags that put a health check on /health (liveness) or /health/ready (readiness), and how a check names its state.</summary>
public static class SynapseHealthChecks
{
    public const string LiveTag = "live";

    public const string ReadyTag = "ready";

    /// <summary>The <see cref="HealthCheckResult.Data"/> key whose value becomes the answer's <c>status</c> (e.g. loading, draining).</summary>
    public const string StatusKey = "status";

    /// <summary>A failed check whose answer reads <c>{"status": <paramref name="status"/>, "reason": <paramref name="reason"/>}</c>.</summary>
    public static HealthCheckResult Unhealthy(string status, string reason) =>
        HealthCheckResult.Unhealthy(reason, data: new Dictionary<string, object> { [StatusKey] = status });
}

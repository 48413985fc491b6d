using Microsoft.Extensions.Diagnostics.HealthChecks;
using Synapse.Engine;
using Synapse.Hosting.Health;
using Synapse.Node.Hosting;

namespace Synapse.Node.Health;

/// <summary>
/// Ready once the model is loaded and warm; 503 "loading" (with the load path's current step) before, 503 "draining"
/// once shutdown begins. Reads flags only, never the inference loop, so it answers at once however busy the node is.
/// </summary>
internal sealed class NodeReadinessCheck(IInferenceEngine engine, NodeState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (state.IsDraining)
        {
            return Task.FromResult(SynapseHealthChecks.Unhealthy("draining", "The node is shutting down and admits no new requests."));
        }

        if (!engine.IsReady)
        {
            return Task.FromResult(SynapseHealthChecks.Unhealthy("loading", state.LoadingDetail ?? "The model is loading or warming up."));
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Synapse.Hosting.Health;
using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Health;

/// <summary>The balancer is ready while at least one node can take requests.</summary>
internal sealed class BalancerReadinessCheck(NodePool pool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(pool.Snapshot.Any(n => n.IsRoutable)
            ? HealthCheckResult.Healthy()
            : SynapseHealthChecks.Unhealthy("no_healthy_node", "No node is healthy."));
}

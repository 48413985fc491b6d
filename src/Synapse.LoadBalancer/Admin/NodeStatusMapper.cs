using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Admin;

public static class NodeStatusMapper
{
    public static NodeStatus ToStatus(BackendNode node) => new(
        node.Id,
        node.Prefix,
        node.Source.ToString().ToLowerInvariant(),
        node.HealthName,
        node.Models.Select(m => m.Id).ToList(),
        node.InFlight,
        node.Requests,
        node.Errors,
        Round(node.Latency.Quantile(0.5)),
        Round(node.Latency.Quantile(0.95)),
        node.LastCheck)
    {
        RouteTag = node.RouteTag,
    };

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

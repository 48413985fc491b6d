using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Admin;

/// <summary>
/// <c>GET /admin/fleet</c> (behind the admin key like all of /admin): /admin/status plus what only the nodes know,
/// asked of every node at once: queue, slots, KV-cache use, token counters, and why a node is not healthy.
/// </summary>
public static class FleetEndpoints
{
    public static IEndpointRouteBuilder MapFleet(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/fleet", async (HttpContext context, NodePool pool, NodeReporter reporter, BalancerOptions options, BalancerClock clock) =>
        {
            var nodes = pool.Snapshot;
            var reports = await Task.WhenAll(nodes.Select(n => reporter.ReportAsync(n, context.RequestAborted))).ConfigureAwait(false);
            var fleet = nodes.Select((node, i) => ToFleetNode(node, reports[i])).ToList();
            return Results.Json(new FleetResponse(
                new BalancerInfo(BalancerConfigurationReader.Name(options.Policy), Math.Round(clock.Uptime.TotalSeconds, 1)), fleet),
                FleetJsonContext.Default.FleetResponse);
        });
        return endpoints;
    }

    private static FleetNode ToFleetNode(BackendNode node, NodeReport report)
    {
        var status = NodeStatusMapper.ToStatus(node);
        double? Read(string name) => report.Metrics.TryGetValue(name, out var v) ? v : null;
        var reason = status.Health switch
        {
            "healthy" => null,
            "draining" when node.Draining => "drained by an operator",
            _ => report.Reason ?? Describe(node),
        };
        return new FleetNode(status.Id, status.Url, status.Source, status.Health, reason, status.Models, status.InFlight,
            status.Requests, status.Errors, status.LatencyMsP50, status.LatencyMsP95, status.LastCheck,
            Read("synapse_num_requests_running"), Read("synapse_num_requests_waiting"), Read("synapse_num_slots"),
            Read("synapse_kv_cache_usage_ratio"), Read("synapse_prompt_tokens_total"), Read("synapse_generation_tokens_total"));
    }

    private static string Describe(BackendNode node) => node.LastProbe switch
    {
        null => "not checked yet",
        ProbeOutcome.Failed => "failed its health checks",
        ProbeOutcome.Loading => "loading",
        ProbeOutcome.ShuttingDown => "shutting down",
        _ => "failed requests (passive health)",
    };
}

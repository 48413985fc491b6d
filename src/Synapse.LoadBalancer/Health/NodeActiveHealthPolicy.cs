using System.Net;
using System.Text.Json;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Health;

/// <summary>
/// Reads YARP's active probes of each node's <c>/health/ready</c> (which never runs inference, so a busy node
/// answers at once). YARP's consecutive-failures policy cannot tell a node that is loading its model (503
/// "loading": out at once, back as soon as it is ready) from one that fails, and knows no healthy threshold, hence
/// this policy. It also lifts a passive verdict once the node passes again, and logs every change.
/// </summary>
public sealed class NodeActiveHealthPolicy(NodePool pool, IDestinationHealthUpdater updater, BalancerOptions options, TimeProvider time)
    : IActiveHealthCheckPolicy
{
    public const string PolicyName = "SynapseNodeReady";

    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        var updates = new List<NewActiveDestinationHealth>(probingResults.Count);
        var changes = new List<(BackendNode Node, NodeHealth Before, string Reason, bool Silent)>();
        foreach (var result in probingResults)
        {
            var destination = result.Destination;
            var node = pool.Find(destination.DestinationId);
            if (node is null)
            {
                continue;
            }

            node.Bind(destination);
            var before = node.Health;
            var (outcome, detail) = Classify(result);
            var (active, clearPassive) = node.ReportProbe(outcome, options.UnhealthyThreshold, options.HealthyThreshold, time.GetUtcNow());
            updates.Add(new NewActiveDestinationHealth(destination, active));
            if (clearPassive && destination.Health.Passive == DestinationHealth.Unhealthy)
            {
                updater.SetPassive(cluster, destination, DestinationHealth.Healthy, TimeSpan.Zero);
            }

            // Refused is not silence: something answered for the address. A draining node's Kestrel stops accepting
            // while it finishes what it runs, and a dead process resets its connections (the proxy fails over then).
            changes.Add((node, before, detail, result.Response is null && !Refused(result.Exception)));
        }

        updater.SetActive(cluster, updates);
        foreach (var (node, before, detail, silent) in changes)
        {
            var after = node.Health;
            if (before == NodeHealth.Healthy && after == NodeHealth.Unhealthy && silent && node.InFlight > 0)
            {
                // Gone without a word: what runs there will never answer. Tries that have not sent the client a
                // byte move to other nodes (FailoverMiddleware); an answering but failing node keeps its requests.
                node.MarkLost();
            }

            if (after != before)
            {
                pool.Record(new HealthChange(node, before, after, after switch
                {
                    NodeHealth.Healthy => "ready",
                    NodeHealth.Loading => "the node is loading its model",
                    NodeHealth.ShuttingDown => "the node is shutting down",
                    _ => "health check failed: " + detail,
                }));
            }
        }
    }

    private static bool Refused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private (ProbeOutcome Outcome, string Detail) Classify(DestinationProbingResult result)
    {
        if (result.Response is not { } response)
        {
            return (ProbeOutcome.Failed, result.Exception switch
            {
                OperationCanceledException => $"no answer within {options.HealthTimeout.TotalSeconds:0.###} s",
                { } exception => Innermost(exception).Message,
                null => "no answer",
            });
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (ProbeOutcome.Ready, "ready");
        }

        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            // ProbeBufferingHandler has read the body already, so this does not block.
            switch (ReadStatus(response))
            {
                case "loading":
                    return (ProbeOutcome.Loading, "loading");
                case "draining":
                    return (ProbeOutcome.ShuttingDown, "draining");
            }
        }

        return (ProbeOutcome.Failed, $"/health/ready answered {(int)response.StatusCode}");
    }

    private static string? ReadStatus(HttpResponseMessage response)
    {
        try
        {
            using var stream = response.Content.ReadAsStream();
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? status.GetString()
                : null;
        }
        catch (Exception exception) when (exception is JsonException or IOException or HttpRequestException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Exception Innermost(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null && inner is not System.Net.Sockets.SocketException)
        {
            inner = inner.InnerException;
        }

        return inner;
    }
}

using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Configuration;

namespace Synapse.LoadBalancer.Nodes;

/// <summary>
/// Every node the balancer knows, whatever its source: the inventory YARP's configuration is built from (see
/// NodeProxyConfigProvider). Readers take <see cref="Snapshot"/> (an immutable array, sorted by id); writers
/// replace it under a lock. Every health change and every node added or removed is logged here.
/// </summary>
public sealed partial class NodePool(ILogger<NodePool> logger)
{
    private readonly Lock _lock = new();
    private BackendNode[] _nodes = [];

    // By id too: every proxied request looks up the node behind each of YARP's destinations.
    private Dictionary<string, BackendNode> _byId = new(StringComparer.Ordinal);

    /// <summary>Raised after a node joins, so it is checked at once.</summary>
    public event Action<BackendNode>? NodeAdded;

    /// <summary>Raised after a node joins or leaves, so YARP's configuration follows.</summary>
    public event Action? Changed;

    public IReadOnlyList<BackendNode> Snapshot => Volatile.Read(ref _nodes);

    public BackendNode? Find(string id) => Volatile.Read(ref _byId).GetValueOrDefault(id);

    /// <summary>The node whose <see cref="BackendNode.RouteTag"/> is <paramref name="tag"/>: the one that stored a response with that tag.</summary>
    public BackendNode? FindByRouteTag(string tag)
    {
        foreach (var node in Snapshot)
        {
            if (string.Equals(node.RouteTag, tag, StringComparison.Ordinal))
            {
                return node;
            }
        }

        return null;
    }

    public BackendNode? FindByUrl(Uri url)
    {
        var prefix = NodeIds.Normalize(url);
        return Snapshot.FirstOrDefault(n => string.Equals(n.Prefix, prefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Adds a node unless one with the same URL exists; returns the node in the pool and whether it is new.
    /// <paramref name="prepare"/> runs on a new node before anyone else can see it (a registered node's first
    /// heartbeat, so the reaper never finds it without one).
    /// </summary>
    public (BackendNode Node, bool Added) Add(string id, Uri url, NodeSource source, Action<BackendNode>? prepare = null)
    {
        BackendNode node;
        lock (_lock)
        {
            var prefix = NodeIds.Normalize(url);
            var existing = _nodes.FirstOrDefault(n => string.Equals(n.Prefix, prefix, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                return (existing, false);
            }

            var uniqueId = id;
            for (var i = 2; _nodes.Any(n => n.Id == uniqueId); i++)
            {
                uniqueId = $"{id}-{i}";
            }

            node = new BackendNode(uniqueId, url, source);
            prepare?.Invoke(node);
            Publish([.. _nodes.Append(node).OrderBy(n => n.Id, StringComparer.Ordinal)]);
        }

        LogNodeAdded(node.Id, node.Prefix, node.Source);
        Changed?.Invoke();
        NodeAdded?.Invoke(node);
        return (node, true);
    }

    public bool Remove(string id, string reason)
    {
        BackendNode? removed;
        lock (_lock)
        {
            removed = _nodes.FirstOrDefault(n => n.Id == id);
            if (removed is null)
            {
                return false;
            }

            Publish(_nodes.Where(n => n != removed).ToArray());
        }

        LogNodeRemoved(removed.Id, removed.Prefix, reason);
        Changed?.Invoke();
        return true;
    }

    private void Publish(BackendNode[] nodes)
    {
        Volatile.Write(ref _byId, nodes.ToDictionary(n => n.Id, StringComparer.Ordinal));
        Volatile.Write(ref _nodes, nodes);
    }

    /// <summary>Makes the config nodes match the configuration: new ones join, ones no longer listed leave.</summary>
    public void SyncConfigured(IReadOnlyList<ConfiguredNode> configured)
    {
        var wanted = configured.Select(c => NodeIds.Normalize(c.Url)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var node in Snapshot.Where(n => n.Source == NodeSource.Config && !wanted.Contains(n.Prefix)))
        {
            Remove(node.Id, "no longer in the configuration");
        }

        foreach (var c in configured)
        {
            Add(c.Id, c.Url, NodeSource.Config);
        }
    }

    /// <summary>Logs a health change (every one is logged, with the reason).</summary>
    public void Record(HealthChange? change)
    {
        if (change is null)
        {
            return;
        }

        if (change.To == NodeHealth.Healthy)
        {
            LogHealthy(change.Node.Id, change.From, change.Reason);
        }
        else
        {
            LogNotHealthy(change.Node.Id, change.From, change.To, change.Reason);
        }
    }

    public void SetDraining(BackendNode node, bool draining)
    {
        if (node.Draining == draining)
        {
            return;
        }

        node.SetDraining(draining);
        LogDraining(node.Id, draining, node.InFlight);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} ({Url}) added from {Source}")]
    private partial void LogNodeAdded(string nodeId, string url, NodeSource source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} ({Url}) removed: {Reason}")]
    private partial void LogNodeRemoved(string nodeId, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} is healthy (was {From}): {Reason}")]
    private partial void LogHealthy(string nodeId, NodeHealth from, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} is {To} (was {From}): {Reason}")]
    private partial void LogNotHealthy(string nodeId, NodeHealth from, NodeHealth to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} draining={Draining} ({InFlight} requests in flight)")]
    private partial void LogDraining(string nodeId, bool draining, long inFlight);
}

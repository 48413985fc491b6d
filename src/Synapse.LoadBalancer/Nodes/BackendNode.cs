using Synapse.LoadBalancer.Configuration;
using Synapse.OpenAI.Models;

namespace Synapse.LoadBalancer.Nodes;

/// <summary>
/// One node behind the balancer: where it is, what it serves, what the checks think of it and what it is doing.
/// Health moves only through the Report* methods, which return the change (if any) for the caller to log.
/// </summary>
public sealed class BackendNode
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private int _consecutiveSuccesses;
    private long _inFlight;
    private long _requests;
    private long _errors;

    public BackendNode(string id, Uri url, NodeSource source)
    {
        Id = id;
        Url = url;
        Prefix = NodeIds.Normalize(url);
        Source = source;
    }

    public string Id { get; }
    public Uri Url { get; }

    /// <summary>The URL requests are forwarded to (no trailing slash).</summary>
    public string Prefix { get; }

    public NodeSource Source { get; }

    public NodeHealth Health { get; private set; } = NodeHealth.Unknown;

    /// <summary>An operator drained the node: it gets no new requests, running ones finish.</summary>
    public bool Draining { get; private set; }

    /// <summary>The models the node serves, from its /v1/models (or its registration until the first poll).</summary>
    public IReadOnlyList<Model> Models { get; private set; } = [];

    public DateTimeOffset? LastCheck { get; private set; }

    /// <summary>For registered nodes: the announced heartbeat interval and the last heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; private set; }
    public DateTimeOffset LastHeartbeat { get; private set; }

    public LatencyWindow Latency { get; } = new();

    public long InFlight => Interlocked.Read(ref _inFlight);
    public long Requests => Interlocked.Read(ref _requests);
    public long Errors => Interlocked.Read(ref _errors);

    public bool IsRoutable => Health == NodeHealth.Healthy && !Draining;

    /// <summary>The health as /admin/status names it.</summary>
    public string HealthName => Draining || Health == NodeHealth.ShuttingDown
        ? "draining"
        : Health switch
        {
            NodeHealth.Healthy => "healthy",
            NodeHealth.Loading => "loading",
            _ => "unhealthy",
        };

    public bool Serves(string model)
    {
        foreach (var m in Models)
        {
            if (string.Equals(m.Id, model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public void SetModels(IReadOnlyList<Model> models) => Models = models;

    public void SetDraining(bool draining) => Draining = draining;

    public void Heartbeat(TimeSpan interval, DateTimeOffset now)
    {
        HeartbeatInterval = interval;
        LastHeartbeat = now;
    }

    public void BeginRequest()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
    }

    public void EndRequest(bool failed, double milliseconds)
    {
        Interlocked.Decrement(ref _inFlight);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }
        else
        {
            Latency.Add(milliseconds);
        }
    }

    /// <summary>An active check's answer.</summary>
    public HealthChange? ReportProbe(ProbeOutcome outcome, string detail, int unhealthyThreshold, int healthyThreshold, DateTimeOffset now)
    {
        lock (_lock)
        {
            LastCheck = now;
            switch (outcome)
            {
                case ProbeOutcome.Ready:
                    _consecutiveFailures = 0;
                    _consecutiveSuccesses++;
                    // A first check, or a node that just finished loading, is trusted at once; a node that failed
                    // needs the configured run of passes.
                    return Health is NodeHealth.Unknown or NodeHealth.Loading or NodeHealth.ShuttingDown || _consecutiveSuccesses >= healthyThreshold
                        ? MoveTo(NodeHealth.Healthy, "ready")
                        : null;
                case ProbeOutcome.Loading:
                    _consecutiveFailures = 0;
                    _consecutiveSuccesses = 0;
                    return MoveTo(NodeHealth.Loading, "the node is loading its model");
                case ProbeOutcome.ShuttingDown:
                    _consecutiveFailures = 0;
                    _consecutiveSuccesses = 0;
                    return MoveTo(NodeHealth.ShuttingDown, "the node is shutting down");
                default:
                    _consecutiveSuccesses = 0;
                    _consecutiveFailures++;
                    return Health is NodeHealth.Unknown or NodeHealth.Loading or NodeHealth.ShuttingDown || _consecutiveFailures >= unhealthyThreshold
                        ? MoveTo(NodeHealth.Unhealthy, $"health check failed {_consecutiveFailures} time(s): {detail}")
                        : null;
            }
        }
    }

    /// <summary>A proxied request could not reach the node (refused, reset, died before answering): out at once.</summary>
    public HealthChange? ReportTransportFailure(string detail)
    {
        lock (_lock)
        {
            _consecutiveSuccesses = 0;
            _consecutiveFailures = Math.Max(_consecutiveFailures, 1);
            return MoveTo(NodeHealth.Unhealthy, "request failed: " + detail);
        }
    }

    /// <summary>
    /// A proxied request got a 5xx that means the node is broken (500, 502, 504). 503 (queue full, loading,
    /// draining) and 4xx say nothing bad about the node and must not be reported here.
    /// </summary>
    public HealthChange? ReportServerError(int statusCode, int unhealthyThreshold)
    {
        lock (_lock)
        {
            _consecutiveSuccesses = 0;
            _consecutiveFailures++;
            return _consecutiveFailures >= unhealthyThreshold && Health == NodeHealth.Healthy
                ? MoveTo(NodeHealth.Unhealthy, $"{_consecutiveFailures} consecutive failures, last answered {statusCode}")
                : null;
        }
    }

    /// <summary>A proxied request was answered normally: earlier passive failures are forgiven.</summary>
    public void ReportSuccess()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0 && Health == NodeHealth.Healthy)
        {
            lock (_lock)
            {
                _consecutiveFailures = 0;
            }
        }
    }

    private HealthChange? MoveTo(NodeHealth next, string reason)
    {
        var previous = Health;
        if (previous == next)
        {
            return null;
        }

        Health = next;
        return new HealthChange(this, previous, next, reason);
    }
}

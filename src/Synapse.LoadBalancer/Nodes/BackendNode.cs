using Synapse.LoadBalancer.Configuration;
using Synapse.OpenAI.Models;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Nodes;

/// <summary>
/// One node behind the balancer, as a YARP destination plus what YARP does not know about it: where it came from,
/// the models it serves, whether an operator drained it, why its last check failed (loading, shutting down), its
/// heartbeats and its request statistics. Health and in-flight requests are read from YARP's
/// <see cref="DestinationState"/>; the threshold counters the health policies keep between checks live here.
/// </summary>
public sealed class BackendNode
{
    private readonly Lock _lock = new();
    private DestinationState? _destination;
    private ProbeOutcome? _lastProbe;
    private int _consecutiveFailures;
    private int _consecutiveSuccesses;
    private long _requests;
    private CancellationTokenSource _lost = new();
    private long _errors;

    public BackendNode(string id, Uri url, NodeSource source)
    {
        Id = id;
        Url = url;
        Prefix = NodeIds.Normalize(url);
        Source = source;
        RouteTag = Responses.RouteTags.For(id);
    }

    /// <summary>The node's id, which is also its YARP destination id.</summary>
    public string Id { get; }
    public Uri Url { get; }

    /// <summary>The URL requests are forwarded to (no trailing slash): the destination's address.</summary>
    public string Prefix { get; }

    public NodeSource Source { get; }

    /// <summary>What the ids of the responses this node stores carry, so requests naming them come back here (see <see cref="Responses.RouteTags"/>).</summary>
    public string RouteTag { get; }

    /// <summary>YARP's state of this destination, once the configuration holding it has been applied.</summary>
    public DestinationState? Destination => Volatile.Read(ref _destination);

    /// <summary>
    /// What YARP's active and passive health say, refined by the last check's answer: a node answering 503
    /// "loading" or "draining" is out of the pool like an unhealthy one, but shown as what it is.
    /// </summary>
    public NodeHealth Health
    {
        get
        {
            var destination = Destination;
            if (destination is null)
            {
                return NodeHealth.Unknown;
            }

            switch (LastProbe)
            {
                case ProbeOutcome.Loading:
                    return NodeHealth.Loading;
                case ProbeOutcome.ShuttingDown:
                    return NodeHealth.ShuttingDown;
            }

            var health = destination.Health;
            return health.Active switch
            {
                // Not checked yet: YARP would route to it, the balancer waits for the first check.
                DestinationHealth.Unknown => NodeHealth.Unknown,
                DestinationHealth.Healthy when health.Passive != DestinationHealth.Unhealthy => NodeHealth.Healthy,
                _ => NodeHealth.Unhealthy,
            };
        }
    }

    /// <summary>An operator drained the node: it gets no new requests, running ones finish.</summary>
    public bool Draining { get; private set; }

    /// <summary>The models the node serves, from its /v1/models (or its registration until the first poll).</summary>
    public IReadOnlyList<Model> Models { get; private set; } = [];

    public DateTimeOffset? LastCheck { get; private set; }

    /// <summary>The answer of the last active check, null before the first.</summary>
    public ProbeOutcome? LastProbe
    {
        get
        {
            lock (_lock)
            {
                return _lastProbe;
            }
        }
    }

    /// <summary>For registered nodes: the announced heartbeat interval and the last heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; private set; }
    public DateTimeOffset LastHeartbeat { get; private set; }

    public LatencyWindow Latency { get; } = new();

    /// <summary>Requests in flight, as YARP's forwarder counts them (what least-requests and power-of-two compare).</summary>
    public long InFlight => Destination?.ConcurrentRequestCount ?? 0;

    public long Requests => Interlocked.Read(ref _requests);
    public long Errors => Interlocked.Read(ref _errors);

    public bool IsRoutable => Health == NodeHealth.Healthy && !Draining;

    /// <summary>The health as /admin/status names it.</summary>
    public string HealthName => Draining
        ? "draining"
        : Health switch
        {
            NodeHealth.Healthy => "healthy",
            NodeHealth.Loading => "loading",
            NodeHealth.ShuttingDown => "draining",
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

    /// <summary>
    /// Cancelled when the node is lost: its health checks stopped getting any answer (no connection, no response)
    /// while requests were running on it. Such a node sends no RST when its link is cut, so without this its running
    /// requests would wait for SYNAPSE_REQUEST_TIMEOUT.
    /// </summary>
    public CancellationToken Lost => Volatile.Read(ref _lost).Token;

    /// <summary>Cancels the tries waiting on this node (see <see cref="Lost"/>); later tries get a fresh token.</summary>
    public void MarkLost()
    {
        // Not disposed: a try may be linking the old token right now, and a cancelled source holds nothing.
        Interlocked.Exchange(ref _lost, new CancellationTokenSource()).Cancel();
    }

    public void Bind(DestinationState? destination) => Volatile.Write(ref _destination, destination);

    public void SetModels(IReadOnlyList<Model> models) => Models = models;

    public void SetDraining(bool draining) => Draining = draining;

    public void Heartbeat(TimeSpan interval, DateTimeOffset now)
    {
        HeartbeatInterval = interval;
        LastHeartbeat = now;
    }

    /// <summary>One try of a request on this node ended; failures count as errors, others add to the latency window.</summary>
    public void RecordRequest(bool failed, double milliseconds)
    {
        Interlocked.Increment(ref _requests);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }
        else
        {
            Latency.Add(milliseconds);
        }
    }

    /// <summary>
    /// An active check's answer: the active health YARP should hold for the node, and whether a passive verdict
    /// is lifted (a node that passes its checks again is back, whatever took it out).
    /// </summary>
    public (DestinationHealth Active, bool ClearPassive) ReportProbe(ProbeOutcome outcome, int unhealthyThreshold, int healthyThreshold, DateTimeOffset now)
    {
        var wasHealthy = Health == NodeHealth.Healthy;
        lock (_lock)
        {
            var previous = _lastProbe;
            _lastProbe = outcome;
            LastCheck = now;
            switch (outcome)
            {
                case ProbeOutcome.Ready:
                    _consecutiveFailures = 0;
                    _consecutiveSuccesses++;
                    if (wasHealthy)
                    {
                        return (DestinationHealth.Healthy, false);
                    }

                    // A first check, or a node that just finished loading, is trusted at once; a node that failed
                    // needs the configured run of passes.
                    return previous is null or ProbeOutcome.Loading or ProbeOutcome.ShuttingDown || _consecutiveSuccesses >= healthyThreshold
                        ? (DestinationHealth.Healthy, true)
                        : (DestinationHealth.Unhealthy, false);
                case ProbeOutcome.Loading or ProbeOutcome.ShuttingDown:
                    _consecutiveFailures = 0;
                    _consecutiveSuccesses = 0;
                    return (DestinationHealth.Unhealthy, false);
                default:
                    _consecutiveSuccesses = 0;
                    _consecutiveFailures++;
                    return wasHealthy && _consecutiveFailures < unhealthyThreshold
                        ? (DestinationHealth.Healthy, false)
                        : (DestinationHealth.Unhealthy, false);
            }
        }
    }

    /// <summary>A proxied request could not reach the node (refused, reset, died before answering or mid-stream).</summary>
    public void ReportTransportFailure()
    {
        lock (_lock)
        {
            _consecutiveSuccesses = 0;
            _consecutiveFailures = Math.Max(_consecutiveFailures, 1);
        }
    }

    /// <summary>A proxied request got 500, 502 or 504; true when that makes <paramref name="unhealthyThreshold"/> in a row.</summary>
    public bool ReportServerError(int unhealthyThreshold)
    {
        lock (_lock)
        {
            _consecutiveSuccesses = 0;
            _consecutiveFailures++;
            return _consecutiveFailures >= unhealthyThreshold;
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
}

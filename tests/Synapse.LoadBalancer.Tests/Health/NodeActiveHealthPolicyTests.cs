using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Health;
using Synapse.LoadBalancer.Nodes;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Synapse.LoadBalancer.Tests.Health;

/// <summary>The balancer's active health policy on YARP's probe results, without a network.</summary>
public sealed class NodeActiveHealthPolicyTests
{
    private readonly NodePool _pool = new(NullLogger<NodePool>.Instance);
    private readonly RecordingUpdater _updater = new();
    private readonly ClusterState _cluster = new("nodes");
    private readonly DestinationState _destination = new("n1");
    private readonly BackendNode _node;
    private readonly NodeActiveHealthPolicy _policy;

    public NodeActiveHealthPolicyTests()
    {
        _node = _pool.Add("n1", new Uri("http://127.0.0.1:1"), NodeSource.Config).Node;
        _node.Bind(_destination);
        var options = new BalancerOptions { UnhealthyThreshold = 2, HealthyThreshold = 2 };
        _policy = new NodeActiveHealthPolicy(_pool, _updater, options, TimeProvider.System);
    }

    [Fact]
    public void AFirstPassIsTrustedThenTheThresholdsCountInARow()
    {
        Assert.Equal("unhealthy", _node.HealthName); // not checked yet
        Probe(HttpStatusCode.OK);
        Assert.Equal("healthy", _node.HealthName);

        Probe(HttpStatusCode.InternalServerError);
        Assert.Equal("healthy", _node.HealthName);
        Probe(HttpStatusCode.OK);
        Probe(HttpStatusCode.InternalServerError);
        Assert.Equal("healthy", _node.HealthName);
        Probe(exception: new HttpRequestException("Connection refused"));
        Assert.Equal("unhealthy", _node.HealthName);
        Assert.Equal(DestinationHealth.Unhealthy, _destination.Health.Active);

        Probe(HttpStatusCode.OK);
        Assert.Equal("unhealthy", _node.HealthName);
        Probe(HttpStatusCode.OK);
        Assert.Equal("healthy", _node.HealthName);
        Assert.Equal(DestinationHealth.Healthy, _destination.Health.Active);
    }

    [Fact]
    public void ALoadingNodeIsOutAtOnceShownAsLoadingAndBackAtItsFirstPass()
    {
        Probe(HttpStatusCode.OK);
        Probe(HttpStatusCode.ServiceUnavailable, """{"status":"loading","reason":"The model is loading."}""");
        Assert.Equal("loading", _node.HealthName);
        Assert.False(_node.IsRoutable);
        Assert.Equal(DestinationHealth.Unhealthy, _destination.Health.Active);

        Probe(HttpStatusCode.OK);
        Assert.Equal("healthy", _node.HealthName);

        Probe(HttpStatusCode.ServiceUnavailable, """{"status":"draining"}""");
        Assert.Equal("draining", _node.HealthName);
        Assert.False(_node.IsRoutable);

        // A 503 that is neither is an ordinary failure.
        Probe(HttpStatusCode.OK);
        Probe(HttpStatusCode.ServiceUnavailable, "not json");
        Assert.Equal("healthy", _node.HealthName);
    }

    [Fact]
    public void PassingAgainLiftsAPassiveVerdict()
    {
        Probe(HttpStatusCode.OK);
        _node.ReportTransportFailure();
        _destination.Health.Passive = DestinationHealth.Unhealthy;
        Assert.Equal("unhealthy", _node.HealthName);

        Probe(HttpStatusCode.OK);
        Assert.Equal("unhealthy", _node.HealthName); // healthy threshold 2
        Probe(HttpStatusCode.OK);
        Assert.Equal(DestinationHealth.Healthy, _destination.Health.Passive);
        Assert.Equal("healthy", _node.HealthName);
    }

    private void Probe(HttpStatusCode? status = null, string body = "{}", Exception? exception = null)
    {
        HttpResponseMessage? response = status is { } code
            ? new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") }
            : null;
        using (response)
        {
            _policy.ProbingCompleted(_cluster, [new DestinationProbingResult(_destination, response, exception)]);
        }
    }

    /// <summary>Applies health as YARP's updater does, without rebuilding the cluster's available destinations.</summary>
    private sealed class RecordingUpdater : IDestinationHealthUpdater
    {
        public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates)
        {
            foreach (var state in newHealthStates)
            {
                state.Destination.Health.Active = state.NewActiveHealth;
            }
        }

        public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod) =>
            destination.Health.Passive = newHealth;
    }
}

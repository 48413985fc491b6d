using System.Net;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Tests.Infrastructure;

namespace Synapse.LoadBalancer.Tests.Discovery;

/// <summary>EndpointSlice discovery against a fake Kubernetes API server on 127.0.0.1 (list + watch stream).</summary>
public sealed class KubernetesDiscoveryTests
{
    private const string StreamBody = """{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static Task<BalancerHost> StartBalancerAsync(FakeKubernetesApi api) =>
        BalancerHost.StartAsync([], new Dictionary<string, string?>
        {
            ["SYNAPSE_NODES"] = "",
            ["SYNAPSE_K8S_SERVICE"] = FakeKubernetesApi.Service,
            ["SYNAPSE_K8S_NAMESPACE"] = FakeKubernetesApi.Namespace,
            ["SYNAPSE_K8S_PORT"] = "http",
        }, services => services.AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = api.Url })));

    /// <summary>Starts the balancer on <paramref name="api"/> and returns once its watch is open.</summary>
    private static async Task<BalancerHost> StartWatchingBalancerAsync(FakeKubernetesApi api)
    {
        var watching = api.NextWatchAsync();
        var balancer = await StartBalancerAsync(api);
        try
        {
            await watching.WaitAsync(TimeSpan.FromSeconds(60));
            return balancer;
        }
        catch
        {
            await balancer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes <paramref name="node"/>'s endpoint ready and waits until the balancer has it in its pool.</summary>
    private static Task JoinAsync(FakeKubernetesApi api, BalancerHost balancer, FakeNode node, TimeSpan timeout, string what)
    {
        api.SetEndpoint(node, ready: true);
        return UntilAsync(balancer.Pool, () => balancer.Pool.FindByUrl(new Uri(node.Url)) is not null, timeout, what);
    }

    /// <summary>Waits (on the pool's own change events, re-checked on each) until <paramref name="condition"/> holds.</summary>
    private static async Task UntilAsync(NodePool pool, Func<bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged() => changed.TrySetResult();
            pool.Changed += OnChanged;
            try
            {
                if (condition())
                {
                    return;
                }

                // Draining and health do not raise Changed: the short wait re-checks them.
                await Task.WhenAny(changed.Task, Task.Delay(10, cts.Token));
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds} s: {what}");
            }
            finally
            {
                pool.Changed -= OnChanged;
            }
        }
    }

    [Fact]
    public async Task AnEndpointTurningReadyJoinsThePoolWithinOneSecond()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        await using var node = await FakeNode.StartAsync("node-a");
        await using var balancer = await StartWatchingBalancerAsync(api);
        Assert.All(api.Selectors, s => Assert.Equal("kubernetes.io/service-name=synapse-node", s));

        // Starting up: listed, not ready; not a node to send to.
        api.SetEndpoint(node, ready: false);
        api.SetEndpoint(node, ready: false);
        Assert.Null(balancer.Pool.FindByUrl(new Uri(node.Url)));

        await JoinAsync(api, balancer, node, Second, "the ready endpoint in the pool");
        var joined = balancer.Pool.FindByUrl(new Uri(node.Url))!;
        Assert.Equal(NodeSource.Kubernetes, joined.Source);
        Assert.Equal("node-a", joined.Id);

        await balancer.WaitForHealthAsync(node, "healthy");
        using var response = await balancer.PostChatAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("node-a", BalancerHost.NodeOf(response));
    }

    [Fact]
    public async Task ATerminatingEndpointGetsNoNewRequestsAndFinishesItsStreamThenADeletedOneLeaves()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        await using var a = await FakeNode.StartAsync("node-a");
        await using var b = await FakeNode.StartAsync("node-b");
        await using var balancer = await StartWatchingBalancerAsync(api);

        // A stream running on a, held open after its first chunk.
        await JoinAsync(api, balancer, a, TimeSpan.FromSeconds(60), "a in the pool");
        await balancer.WaitForHealthAsync(a, "healthy");
        a.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stream = await balancer.PostChatAsync(StreamBody);
        Assert.Equal("node-a", BalancerHost.NodeOf(stream));
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Contains("t0", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)), StringComparison.Ordinal);

        await JoinAsync(api, balancer, b, TimeSpan.FromSeconds(60), "b in the pool");
        await balancer.WaitForHealthAsync(b, "healthy");

        api.SetEndpoint(a, ready: false, terminating: true);
        var pooledA = balancer.Pool.FindByUrl(new Uri(a.Url))!;
        await UntilAsync(balancer.Pool, () => pooledA.Draining, Second, "a draining");
        var before = a.Requests;
        for (var i = 0; i < 6; i++)
        {
            using var response = await balancer.PostChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("node-b", BalancerHost.NodeOf(response));
        }

        Assert.Equal(before, a.Requests);

        // The running stream was never cut.
        a.StreamGate.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.EndsWith("data: [DONE]\n\n", rest, StringComparison.Ordinal);

        api.RemoveEndpoint(a);
        await UntilAsync(balancer.Pool, () => balancer.Pool.FindByUrl(new Uri(a.Url)) is null, Second, "a out of the pool");
        Assert.NotNull(balancer.Pool.FindByUrl(new Uri(b.Url)));
    }

    [Fact]
    public async Task ADroppedWatchIsReestablishedWithoutLosingThePool()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        await using var a = await FakeNode.StartAsync("node-a");
        await using var b = await FakeNode.StartAsync("node-b");
        await using var balancer = await StartWatchingBalancerAsync(api);
        await JoinAsync(api, balancer, a, TimeSpan.FromSeconds(60), "a in the pool");

        var lost = false;
        void OnChanged() => lost |= balancer.Pool.FindByUrl(new Uri(a.Url)) is null;
        balancer.Pool.Changed += OnChanged;
        var rewatching = api.NextWatchAsync();
        var lists = api.Lists;
        api.DropWatch();
        await rewatching.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(api.Lists > lists, "the balancer lists again before it watches again");
        Assert.Equal(2, api.Watches);

        // The new watch carries what happens next.
        await JoinAsync(api, balancer, b, Second, "b in the pool through the new watch");
        balancer.Pool.Changed -= OnChanged;
        Assert.False(lost, "a left the pool while the watch was down");
        Assert.NotNull(balancer.Pool.FindByUrl(new Uri(a.Url)));
    }
}

using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.Testing.Loopback;

namespace Synapse.LoadBalancer.Tests.Infrastructure;

/// <summary>
/// The part of a Kubernetes API server the balancer's discovery uses, on 127.0.0.1: the EndpointSlice list of one
/// namespace and its watch stream (newline-delimited events), with one slice per fake node so each has its own port.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string Namespace = "synapse";
    public const string Service = "synapse-node";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _slices = new(StringComparer.Ordinal);
    private LoopbackServer _server = null!;
    private long _version = 100;
    private Channel<string>? _watch;
    private TaskCompletionSource _watchOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lists;
    private int _watches;

    private FakeKubernetesApi()
    {
    }

    public string Url => _server.Url;
    public int Lists => Volatile.Read(ref _lists);
    public int Watches => Volatile.Read(ref _watches);

    /// <summary>Label selectors the balancer asked with.</summary>
    public List<string> Selectors { get; } = [];

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var api = new FakeKubernetesApi();
        api._server = await LoopbackServer.StartAsync(app => app.MapGet($"/apis/discovery.k8s.io/v1/namespaces/{Namespace}/endpointslices", api.EndpointSlicesAsync));
        return api;
    }

    /// <summary>Completes when a watch is open that was not open before the call (the next one after a drop).</summary>
    public Task NextWatchAsync()
    {
        lock (_lock)
        {
            return _watchOpened.Task;
        }
    }

    /// <summary>Adds or changes the slice of <paramref name="node"/>; watchers get ADDED or MODIFIED.</summary>
    public void SetEndpoint(FakeNode node, bool ready, bool terminating = false)
    {
        var name = $"{Service}-{node.Name}";
        lock (_lock)
        {
            var type = _slices.ContainsKey(name) ? "MODIFIED" : "ADDED";
            var slice = Slice(name, node, ready, terminating, ++_version);
            _slices[name] = slice;
            Send(type, slice);
        }
    }

    public void RemoveEndpoint(FakeNode node)
    {
        var name = $"{Service}-{node.Name}";
        lock (_lock)
        {
            if (_slices.Remove(name, out var slice))
            {
                slice["metadata"]!["resourceVersion"] = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Send("DELETED", slice);
            }
        }
    }

    /// <summary>Ends the open watch stream, as an API server does after its timeout or a restart.</summary>
    public void DropWatch()
    {
        lock (_lock)
        {
            _watch?.Writer.TryComplete();
            _watch = null;
        }
    }

    private void Send(string type, JsonObject slice) =>
        _watch?.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = slice.DeepClone() }.ToJsonString());

    private async Task EndpointSlicesAsync(HttpContext context)
    {
        lock (_lock)
        {
            Selectors.Add(context.Request.Query["labelSelector"].ToString());
        }

        if (context.Request.Query["watch"] != "true")
        {
            string list;
            lock (_lock)
            {
                Interlocked.Increment(ref _lists);
                list = new JsonObject
                {
                    ["apiVersion"] = "discovery.k8s.io/v1",
                    ["kind"] = "EndpointSliceList",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    ["items"] = new JsonArray([.. _slices.Values.Select(s => s.DeepClone())]),
                }.ToJsonString();
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(list, context.RequestAborted);
            return;
        }

        var channel = Channel.CreateUnbounded<string>();
        lock (_lock)
        {
            _watch?.Writer.TryComplete();
            _watch = channel;
            Interlocked.Increment(ref _watches);
            var opened = _watchOpened;
            _watchOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            opened.TrySetResult();
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static JsonObject Slice(string name, FakeNode node, bool ready, bool terminating, long version) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = Namespace,
            ["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = Service },
        },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray("127.0.0.1"),
            // As Kubernetes reports a pod being deleted: not ready, still serving, terminating.
            ["conditions"] = new JsonObject { ["ready"] = ready, ["serving"] = ready || terminating, ["terminating"] = terminating },
            ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = node.Name, ["namespace"] = Namespace },
        }),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = node.Port, ["protocol"] = "TCP" }),
    };

    public async ValueTask DisposeAsync()
    {
        DropWatch();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _server.StopAsync(stop.Token);
    }
}

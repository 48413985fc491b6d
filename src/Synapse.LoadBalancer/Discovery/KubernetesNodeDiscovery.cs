using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;

namespace Synapse.LoadBalancer.Discovery;

/// <summary>
/// Follows the EndpointSlices of the nodes' Service (SYNAPSE_K8S_SERVICE): a ready endpoint joins the pool, one
/// that is terminating or not ready is drained (no new requests, running ones finish), one that is gone leaves.
/// It lists the slices, then watches from the list's version; when the watch ends or fails it lists again, so
/// what the pool holds is corrected without being emptied.
/// </summary>
public sealed partial class KubernetesNodeDiscovery(
    IServiceProvider services, NodePool pool, BalancerOptions options, TimeProvider time, ILogger<KubernetesNodeDiscovery> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, IReadOnlyList<KubernetesEndpoint>> _slices = new(StringComparer.Ordinal);

    // The nodes this source drained, so an operator's drain (admin API) is never lifted by a slice update.
    private readonly HashSet<string> _drained = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.KubernetesService is not { } service)
        {
            return;
        }

        var client = services.GetRequiredService<IKubernetes>();
        var selector = $"{EndpointSlices.ServiceNameLabel}={service}";
        LogStarted(service, options.KubernetesNamespace);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var list = await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(options.KubernetesNamespace, labelSelector: selector,
                    cancellationToken: stoppingToken).ConfigureAwait(false);
                Replace(list.Items);

                var version = list.Metadata?.ResourceVersion;
                await foreach (var (type, slice) in client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(options.KubernetesNamespace,
                    labelSelector: selector, resourceVersion: version, allowWatchBookmarks: true, cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    if (type == WatchEventType.Error)
                    {
                        // Usually 410 Gone: the version is too old to watch from; a fresh list starts over.
                        break;
                    }

                    if (type != WatchEventType.Bookmark)
                    {
                        Update(type, slice);
                    }
                }

                LogWatchEnded(service);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or k8s.KubernetesException or System.Text.Json.JsonException)
            {
                LogWatchFailed(service, exception.Message);
                try
                {
                    await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Replace(IList<V1EndpointSlice> slices)
    {
        _slices.Clear();
        foreach (var slice in slices)
        {
            _slices[slice.Metadata?.Name ?? ""] = EndpointSlices.Read(slice, options);
        }

        Apply();
    }

    private void Update(WatchEventType type, V1EndpointSlice slice)
    {
        var name = slice.Metadata?.Name ?? "";
        if (type == WatchEventType.Deleted)
        {
            _slices.Remove(name);
        }
        else
        {
            _slices[name] = EndpointSlices.Read(slice, options);
        }

        Apply();
    }

    /// <summary>Makes the pool's Kubernetes nodes match the slices.</summary>
    private void Apply()
    {
        // An endpoint may sit in two slices while Kubernetes moves it; ready in either is ready.
        var wanted = new Dictionary<string, KubernetesEndpoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in _slices.Values.SelectMany(e => e))
        {
            var prefix = Configuration.NodeIds.Normalize(endpoint.Url);
            if (!wanted.TryGetValue(prefix, out var seen) || (!seen.Ready && endpoint.Ready))
            {
                wanted[prefix] = endpoint;
            }
        }

        foreach (var node in pool.Snapshot.Where(n => n.Source == NodeSource.Kubernetes && !wanted.ContainsKey(n.Prefix)))
        {
            pool.Remove(node.Id, $"gone from the EndpointSlices of service {options.KubernetesService}");
            // Kubernetes lists a terminating pod until it is gone; what still waits on it will never be answered.
            node.MarkLost();
            _drained.Remove(node.Id);
        }

        foreach (var endpoint in wanted.Values)
        {
            if (endpoint.Ready)
            {
                var (node, _) = pool.Add(endpoint.Name, endpoint.Url, NodeSource.Kubernetes);
                if (_drained.Remove(node.Id))
                {
                    pool.SetDraining(node, false);
                }
            }
            else if (pool.FindByUrl(endpoint.Url) is { Source: NodeSource.Kubernetes, Draining: false } node)
            {
                pool.SetDraining(node, true);
                _drained.Add(node.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the EndpointSlices of service {Service} in namespace {Namespace}")]
    private partial void LogStarted(string service, string @namespace);

    [LoggerMessage(Level = LogLevel.Information, Message = "The EndpointSlice watch of service {Service} ended; listing again")]
    private partial void LogWatchEnded(string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The EndpointSlice watch of service {Service} failed ({Reason}); retrying")]
    private partial void LogWatchFailed(string service, string reason);
}

using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Proxy;
using Synapse.OpenAI.Models;
using Synapse.OpenAI.Serialization;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;

namespace Synapse.LoadBalancer.Models;

/// <summary>
/// What YARP's active health checks do not do: learn each ready node's models from its <c>/v1/models</c> (every
/// health interval), check a node that just joined at once instead of at the next interval, and at start wait for
/// the first round of checks and log which nodes were found healthy before the balancer takes requests.
/// </summary>
public sealed partial class ModelPoller(NodePool pool, NodeProxyConfigProvider config, IActiveHealthCheckMonitor monitor,
    IProxyStateLookup lookup, NodeClients clients, BalancerOptions options, TimeProvider time, ILogger<ModelPoller> logger) : BackgroundService
{
    private CancellationToken _stopping;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        pool.NodeAdded += OnNodeAdded;
        await CheckNowAsync(cancellationToken).ConfigureAwait(false);
        var nodes = pool.Snapshot;
        var healthy = nodes.Where(n => n.IsRoutable).Select(n => n.Id).ToList();
        LogStartup(BalancerConfigurationReader.Name(options.Policy), healthy.Count, nodes.Count, string.Join(", ", healthy),
            string.Join(", ", nodes.Where(n => !n.IsRoutable).Select(n => $"{n.Id} ({n.HealthName})")));
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        pool.NodeAdded -= OnNodeAdded;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        using var timer = new PeriodicTimer(options.HealthInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PollReadyNodesAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Waits until YARP holds the pool's latest nodes, runs YARP's active check of them now and reads the models of
    /// those that are ready: after this a node that joined ready takes requests.
    /// </summary>
    public async Task CheckNowAsync(CancellationToken cancellationToken)
    {
        try
        {
            await config.Current.Applied.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // YARP has not taken the latest nodes yet; the scheduled checks will see them once it has.
        }

        if (lookup.TryGetCluster(NodeProxyConfigProvider.ClusterId, out var cluster))
        {
            await monitor.CheckHealthAsync([cluster]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await PollReadyNodesAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task PollReadyNodesAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(pool.Snapshot.Where(n => n.LastProbe == ProbeOutcome.Ready).Select(n => PollModelsAsync(n, cancellationToken)));

    private void OnNodeAdded(BackendNode node) => _ = CheckInBackgroundAsync();

    private async Task CheckInBackgroundAsync()
    {
        try
        {
            await CheckNowAsync(_stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task PollModelsAsync(BackendNode node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HealthTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, node.Prefix + "/v1/models");
            if (options.NodeApiKey is { } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await clients.Models.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogModelsFailed(node.Id, $"answered {(int)response.StatusCode}");
                return;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var list = OpenAIJson.Deserialize<ModelList>(bytes);
            if (list is not null)
            {
                node.SetModels(list.Data.Where(m => !string.IsNullOrEmpty(m.Id)).ToList());
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogModelsFailed(node.Id, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Balancer ({Policy}) found {HealthyCount} of {NodeCount} nodes healthy: [{Healthy}]; not serving: [{NotHealthy}]")]
    private partial void LogStartup(string policy, int healthyCount, int nodeCount, string healthy, string notHealthy);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: /v1/models could not be read: {Reason}")]
    private partial void LogModelsFailed(string nodeId, string reason);
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Proxy;
using Synapse.OpenAI.Models;
using Synapse.OpenAI.Serialization;

namespace Synapse.LoadBalancer.Health;

/// <summary>
/// Active checks: every interval each node's <c>/health/ready</c> (which never runs inference, so a busy node
/// answers at once) and, when ready, its <c>/v1/models</c>. A node joining is checked at once; at start the first
/// round is awaited and the healthy nodes are logged before the balancer takes requests.
/// </summary>
public sealed partial class HealthChecker(NodePool pool, NodeClients clients, BalancerOptions options, TimeProvider time,
    ILogger<HealthChecker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<BackendNode, Task> _running = new();
    private CancellationToken _stopping;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        pool.NodeAdded += OnNodeAdded;
        await CheckAllAsync(cancellationToken).ConfigureAwait(false);
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
                await CheckAllAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public Task CheckAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(pool.Snapshot.Select(n => CheckAsync(n, cancellationToken)));

    /// <summary>Checks one node now; when a check of it is already running, the running one is awaited instead.</summary>
    public Task CheckAsync(BackendNode node, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _running.GetOrAdd(node, completion.Task);
        if (running != completion.Task)
        {
            return running;
        }

        _ = RunCheckAsync(node, completion, cancellationToken);
        return completion.Task;
    }

    private async Task RunCheckAsync(BackendNode node, TaskCompletionSource completion, CancellationToken cancellationToken)
    {
        try
        {
            var (outcome, detail) = await ProbeAsync(node, cancellationToken).ConfigureAwait(false);
            if (outcome == ProbeOutcome.Ready)
            {
                await PollModelsAsync(node, cancellationToken).ConfigureAwait(false);
            }

            pool.Record(node.ReportProbe(outcome, detail, options.UnhealthyThreshold, options.HealthyThreshold, time.GetUtcNow()));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running.TryRemove(node, out _);
            completion.TrySetResult();
        }
    }

    private void OnNodeAdded(BackendNode node) => _ = CheckAsync(node, _stopping);

    private async Task<(ProbeOutcome, string)> ProbeAsync(BackendNode node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HealthTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, node.Prefix + "/health/ready");
            using var response = await clients.Probes.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (ProbeOutcome.Ready, "ready");
            }

            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var status = ReadStatus(body);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && status == "loading")
            {
                return (ProbeOutcome.Loading, "loading");
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && status == "draining")
            {
                return (ProbeOutcome.ShuttingDown, "draining");
            }

            return (ProbeOutcome.Failed, $"/health/ready answered {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (ProbeOutcome.Failed, $"no answer within {options.HealthTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return (ProbeOutcome.Failed, exception.Message);
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

            using var response = await clients.Probes.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
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

    private static string? ReadStatus(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? status.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Balancer ({Policy}) found {HealthyCount} of {NodeCount} nodes healthy: [{Healthy}]; not serving: [{NotHealthy}]")]
    private partial void LogStartup(string policy, int healthyCount, int nodeCount, string healthy, string notHealthy);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: /v1/models could not be read: {Reason}")]
    private partial void LogModelsFailed(string nodeId, string reason);
}

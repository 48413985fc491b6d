using System.Globalization;
using System.Text.Json;
using Synapse.LoadBalancer.Configuration;
using Synapse.LoadBalancer.Nodes;
using Synapse.LoadBalancer.Proxy;

namespace Synapse.LoadBalancer.Admin;

/// <summary>
/// Asks a node for its /metrics (the engine gauges the dashboard shows) and, when it is not healthy, its
/// /health/ready answer (the reason: "loading: Downloading …"). Bounded by the health timeout: a node that does not
/// answer is reported as such, never waited on.
/// </summary>
public sealed class NodeReporter(NodeClients clients, BalancerOptions options)
{
    /// <summary>The node's Prometheus series the dashboard reads, by the name the JSON gives them.</summary>
    public static readonly IReadOnlyList<string> Series =
    [
        "synapse_num_requests_running", "synapse_num_requests_waiting", "synapse_num_slots", "synapse_kv_cache_usage_ratio",
        "synapse_prompt_tokens_total", "synapse_generation_tokens_total",
    ];

    public async Task<NodeReport> ReportAsync(BackendNode node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HealthTimeout);
        var metrics = MetricsAsync(node, timeout.Token);
        var reason = node.Health == NodeHealth.Healthy ? Task.FromResult<string?>(null) : ReasonAsync(node, timeout.Token);
        return new NodeReport(await reason.ConfigureAwait(false), await metrics.ConfigureAwait(false));
    }

    private async Task<IReadOnlyDictionary<string, double>> MetricsAsync(BackendNode node, CancellationToken cancellationToken)
    {
        try
        {
            var text = await clients.Models.GetStringAsync(node.Prefix + "/metrics", cancellationToken).ConfigureAwait(false);
            return Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new Dictionary<string, double>();
        }
    }

    private async Task<string?> ReasonAsync(BackendNode node, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.Models.GetAsync(node.Prefix + "/health/ready", cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var json = JsonDocument.Parse(body);
                var status = json.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
                var reason = json.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
                return reason ?? (response.IsSuccessStatusCode ? "answers ready again; the balancer has not seen enough checks yet" : status);
            }
            catch (JsonException)
            {
                return $"/health/ready answered {(int)response.StatusCode} without Synapse's health JSON";
            }
        }
        catch (HttpRequestException e)
        {
            return "does not answer: " + e.Message;
        }
        catch (OperationCanceledException)
        {
            return $"does not answer within {options.HealthTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        }
    }

    /// <summary>
    /// Reads the wanted series from Prometheus text; a series with labels (the exporter adds otel_scope_name) counts
    /// once, by its first line.
    /// </summary>
    internal static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny('{', ' ');
            if (nameEnd <= 0)
            {
                continue;
            }

            var name = line[..nameEnd].ToString();
            if (!Series.Contains(name) || values.ContainsKey(name))
            {
                continue;
            }

            var rest = line[nameEnd..];
            if (rest[0] == '{')
            {
                var close = rest.IndexOf('}');
                if (close < 0)
                {
                    continue;
                }

                rest = rest[(close + 1)..];
            }

            rest = rest.Trim();
            var space = rest.IndexOf(' ');
            var number = space < 0 ? rest : rest[..space];
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                values[name] = value;
            }
        }

        return values;
    }
}

using System.Globalization;
using Synapse.LoadBalancer.Admin;

namespace Synapse.Cli.Status;

/// <summary>Renders the balancer's <c>GET /admin/status</c> as a summary line and a fixed-width table, one node a row.</summary>
public static class StatusTable
{
    private static readonly string[] Headers = ["ID", "URL", "SOURCE", "HEALTH", "MODELS", "IN-FLIGHT", "REQUESTS", "ERRORS", "P50 MS", "P95 MS", "LAST CHECK"];

    public static void Write(TextWriter writer, StatusResponse status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(status);
        var healthy = status.Nodes.Count(n => n.Health == "healthy");
        writer.WriteLine($"Balancer: policy {status.Balancer.Policy}, up {Duration(TimeSpan.FromSeconds(status.Balancer.UptimeSeconds))}, " +
            $"{status.Nodes.Count} node(s), {healthy} healthy");
        if (status.Nodes.Count == 0)
        {
            writer.WriteLine("No nodes: add them with SYNAPSE_NODES, POST /admin/nodes, or start nodes with SYNAPSE_BALANCER_URL.");
            return;
        }

        writer.WriteLine();
        var rows = status.Nodes.Select(n => new[]
        {
            n.Id, n.Url, n.Source, n.Health, n.Models.Count == 0 ? "-" : string.Join(",", n.Models),
            Number(n.InFlight), Number(n.Requests), Number(n.Errors), Milliseconds(n.LatencyMsP50), Milliseconds(n.LatencyMsP95),
            n.LastCheck is { } at ? Duration(now - at) + " ago" : "never",
        }).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        WriteRow(writer, Headers, widths);
        foreach (var row in rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> cells, int[] widths)
    {
        var line = string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i])));
        writer.WriteLine(line.TrimEnd());
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(double? value) => value is { } ms ? ms.ToString("0.#", CultureInfo.InvariantCulture) : "-";

    private static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.#}s".Replace(',', '.')
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : $"{(int)span.TotalDays}d{span.Hours:00}h";
    }
}

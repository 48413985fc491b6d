using System.Globalization;

namespace Synapse.Bench.Replay;

/// <summary>The human-readable form of a replay: the workload, one row per turn, the totals.</summary>
public static class ReplayTable
{
    private static readonly string[] Headers = ["turn", "reqs", "fail", "prompt tok", "cached tok", "cached %", "TTFT p50", "TTFT p90", "TTFT max"];

    public static void Write(TextWriter writer, ReplayReport report)
    {
        writer.WriteLine($"synapse bench · replay · {report.Target}{(report.Model is null ? "" : $" · model {report.Model}")}");
        writer.WriteLine(
            $"{report.Conversations} conversations × {report.Turns} turns · system prompt {report.SystemWords} words · {report.TurnWords} words per user turn" +
            $" · output {report.OutputTokens} tokens · {(report.IgnoreEos ? "ignore_eos" : "stops at EOS")} · temperature 0");
        writer.WriteLine();
        var rows = report.PerTurn.Select(t => new[]
        {
            t.Turn.ToString(CultureInfo.InvariantCulture),
            t.Requests.ToString(CultureInfo.InvariantCulture),
            t.Failed.ToString(CultureInfo.InvariantCulture),
            F(t.PromptTokensMean, 0),
            F(t.CachedTokensMean, 0),
            t.CachedShare is { } share ? F(share * 100, 1) : "n/a",
            Ms(t.TtftP50Ms),
            Ms(t.TtftP90Ms),
            Ms(t.TtftMaxMs),
        }).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(Line(Headers, widths));
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row, widths));
        }

        writer.WriteLine();
        writer.WriteLine(
            $"wall {F(report.WallS, 1)} s · {report.Requests - report.Failed}/{report.Requests} ok · {F(report.OutputTokensPerS, 1)} output tok/s" +
            $" · TTFT p50 {Ms(report.TtftP50Ms)} · prompt {report.PromptTokens} tokens, cached " +
            (report.CachedShare is { } total ? $"{report.CachedTokens} ({F(total * 100, 1)} %)" : "not reported"));
        foreach (var error in report.Errors)
        {
            writer.WriteLine($"error: {error}");
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadLeft(widths[i])));

    private static string Ms(double ms) => $"{F(ms, 0)} ms";

    private static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

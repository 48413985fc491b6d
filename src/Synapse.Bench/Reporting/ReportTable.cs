using System.Globalization;
using Synapse.Bench.Statistics;

namespace Synapse.Bench.Reporting;

/// <summary>The human-readable form of a run: a header with the workload, then one row per concurrency level.</summary>
public static class ReportTable
{
    private static readonly string[] Headers =
        ["conc", "reqs", "ok", "fail", "out tok/s", "req/s", "TTFT p50", "TTFT p95", "ITL p50", "TPOT p50", "E2E p50", "E2E p95"];

    public static void Write(TextWriter writer, RunReport run)
    {
        var s = run.Settings;
        var c = run.Calibration;
        writer.WriteLine($"synapse bench · {s.Mode} · {s.Target} · {s.Endpoint}{(s.Model is null ? "" : $" · model {s.Model}")}");
        foreach (var (key, value) in run.Info)
        {
            writer.WriteLine($"  {key}: {value}");
        }

        var load = (s.RequestsPerLevel, s.DurationS) switch
        {
            ({ } r, _) => $"{r} requests per level",
            (null, { } d) => $"{F(d, 0)} s per level",
            _ => "4 requests per stream per level",
        };
        writer.WriteLine(
            $"prompt {c.ActualTokens} tokens (target {c.TargetTokens}, {c.Words} words, {c.Probes} probes) · output {s.OutputTokens} tokens" +
            $" · {(s.IgnoreEos ? "ignore_eos" : "stops at EOS")} · temperature {F(s.Temperature, 1)} · {load}" +
            (s.BackgroundStreams > 0 ? $" · {s.BackgroundStreams} unmeasured background streams" : ""));
        writer.WriteLine();

        var rows = run.Levels.Select(Row).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        writer.WriteLine(Line(Headers, widths));
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row, widths));
        }

        foreach (var level in run.Levels.Where(l => l.Errors.Count > 0 || l.UsageMissing > 0))
        {
            writer.WriteLine();
            if (level.UsageMissing > 0)
            {
                writer.WriteLine($"concurrency {level.Concurrency}: {level.UsageMissing} responses had no usage; their tokens were counted as content chunks");
            }

            foreach (var error in level.Errors.Take(5))
            {
                writer.WriteLine($"concurrency {level.Concurrency}: {error.Count}× {error.Message}");
            }
        }
    }

    public static void WriteComparison(TextWriter writer, IReadOnlyList<ComparisonReport> comparison)
    {
        writer.WriteLine("HTTP vs in-process output tokens/s (same model, same workload):");
        foreach (var row in comparison)
        {
            writer.WriteLine(
                $"  concurrency {row.Concurrency}: http {F(row.HttpOutputTokensPerS, 2)} · engine {F(row.EngineOutputTokensPerS, 2)} · ratio {F(row.Ratio * 100, 1)}%");
        }
    }

    public static void WriteUrlComparison(TextWriter writer, string target, string baseline, IReadOnlyList<UrlComparisonReport> comparison)
    {
        writer.WriteLine($"{target} vs {baseline} (same workload, baseline measured first):");
        foreach (var row in comparison)
        {
            var ttft = row.TtftP50DeltaMs is { } delta
                ? $"TTFT p50 {F(row.TargetTtftP50Ms!.Value, 1)} vs {F(row.BaselineTtftP50Ms!.Value, 1)} ms ({(delta >= 0 ? "+" : "")}{F(delta, 1)} ms)"
                : "TTFT n/a";
            writer.WriteLine(
                $"  concurrency {row.Concurrency}: out tok/s {F(row.TargetOutputTokensPerS, 2)} vs {F(row.BaselineOutputTokensPerS, 2)} · ratio {F(row.ThroughputRatio * 100, 1)}%" +
                $" · req/s {F(row.TargetRequestsPerS, 1)} vs {F(row.BaselineRequestsPerS, 1)} · {ttft}");
        }
    }

    private static string[] Row(LevelReport l) =>
    [
        l.Concurrency.ToString(CultureInfo.InvariantCulture),
        l.Requests.ToString(CultureInfo.InvariantCulture),
        l.Completed.ToString(CultureInfo.InvariantCulture),
        l.Failed.ToString(CultureInfo.InvariantCulture),
        F(l.OutputTokensPerS, 2),
        F(l.RequestsPerS, 3),
        Ms(l.TtftMs, d => d.P50),
        Ms(l.TtftMs, d => d.P95),
        Ms(l.ItlMs, d => d.P50),
        Ms(l.TpotMs, d => d.P50),
        Ms(l.E2eMs, d => d.P50),
        Ms(l.E2eMs, d => d.P95),
    ];

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => cell.PadLeft(widths[i])));

    /// <summary>Milliseconds below ten seconds read better as ms, longer ones as seconds.</summary>
    private static string Ms(Distribution? d, Func<Distribution, double> pick)
    {
        if (d is null)
        {
            return "n/a";
        }

        var ms = pick(d);
        return ms >= 10_000 ? $"{F(ms / 1000, 2)} s" : ms >= 100 ? $"{F(ms, 0)} ms" : $"{F(ms, 1)} ms";
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}

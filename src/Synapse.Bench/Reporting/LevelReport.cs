using Synapse.Bench.Load;
using Synapse.Bench.Statistics;

namespace Synapse.Bench.Reporting;

/// <summary>The aggregate numbers of one concurrency level. Latencies in milliseconds, durations in seconds.</summary>
public sealed record LevelReport
{
    public required int Concurrency { get; init; }
    public required int Requests { get; init; }
    public required int Completed { get; init; }
    public required int Failed { get; init; }
    public required double DurationS { get; init; }
    public required long PromptTokens { get; init; }
    public required long OutputTokens { get; init; }
    /// <summary>Output tokens of completed requests divided by the wall time of the measured phase.</summary>
    public required double OutputTokensPerS { get; init; }
    public required double RequestsPerS { get; init; }
    public Distribution? TtftMs { get; init; }
    public Distribution? ItlMs { get; init; }
    public Distribution? TpotMs { get; init; }
    public Distribution? E2eMs { get; init; }
    public Distribution? PromptTokensPerRequest { get; init; }
    public Distribution? OutputTokensPerRequest { get; init; }
    /// <summary>Completed requests whose server sent no usage (their tokens were counted as content chunks).</summary>
    public int UsageMissing { get; init; }
    public IReadOnlyList<ErrorCount> Errors { get; init; } = [];

    public static LevelReport From(LevelResult result)
    {
        var ok = result.Samples.Where(s => s.Succeeded).ToList();
        var seconds = result.Wall.TotalSeconds;
        var outputTokens = ok.Sum(s => (long)s.CompletionTokens);
        return new LevelReport
        {
            Concurrency = result.Concurrency,
            Requests = result.Samples.Count,
            Completed = ok.Count,
            Failed = result.Samples.Count - ok.Count,
            DurationS = seconds,
            PromptTokens = ok.Sum(s => (long)s.PromptTokens),
            OutputTokens = outputTokens,
            OutputTokensPerS = seconds > 0 ? outputTokens / seconds : 0,
            RequestsPerS = seconds > 0 ? ok.Count / seconds : 0,
            TtftMs = Distribution.From(ok.Where(s => s.TtftMs is not null).Select(s => s.TtftMs!.Value)),
            ItlMs = Distribution.From(ok.SelectMany(s => s.ChunkGapsMs)),
            TpotMs = Distribution.From(ok.Where(s => s.TpotMs is not null).Select(s => s.TpotMs!.Value)),
            E2eMs = Distribution.From(ok.Select(s => s.E2eMs)),
            PromptTokensPerRequest = Distribution.From(ok.Select(s => (double)s.PromptTokens)),
            OutputTokensPerRequest = Distribution.From(ok.Select(s => (double)s.CompletionTokens)),
            UsageMissing = ok.Count(s => s.UsageMissing),
            Errors = result.Samples
                .Where(s => !s.Succeeded)
                .GroupBy(s => s.Error ?? "unknown error")
                .Select(g => new ErrorCount(g.Key, g.Count()))
                .OrderByDescending(e => e.Count)
                .ToList(),
        };
    }
}

using Synapse.Bench.Statistics;

namespace Synapse.Bench.Replay;

/// <summary>Turns the samples of a replay into its report: per turn and in total.</summary>
public static class ReplayAggregator
{
    public static ReplayReport Aggregate(string target, string? model, ReplayOptions options, IReadOnlyList<ReplayTurnSample> samples, TimeSpan wall)
    {
        var ok = samples.Where(s => s.Succeeded).ToList();
        var prompt = ok.Sum(s => (long)s.PromptTokens);
        var completion = ok.Sum(s => (long)s.CompletionTokens);
        var reportsCache = ok.Any(s => s.CachedTokens is not null);
        var cached = ok.Sum(s => (long)(s.CachedTokens ?? 0));
        var seconds = Math.Max(wall.TotalSeconds, 1e-9);
        var perTurn = Enumerable.Range(1, options.Turns).Select(turn => Turn(turn, samples.Where(s => s.Turn == turn).ToList())).ToList();
        return new ReplayReport
        {
            Target = target,
            Model = model,
            Conversations = options.Conversations,
            Turns = options.Turns,
            SystemWords = options.SystemWords,
            TurnWords = options.TurnWords,
            OutputTokens = options.OutputTokens,
            IgnoreEos = options.IgnoreEos,
            WallS = wall.TotalSeconds,
            Requests = samples.Count,
            Failed = samples.Count - ok.Count,
            PromptTokens = prompt,
            CachedTokens = cached,
            CompletionTokens = completion,
            CachedShare = reportsCache && prompt > 0 ? cached / (double)prompt : null,
            OutputTokensPerS = completion / seconds,
            RequestsPerS = ok.Count / seconds,
            TtftP50Ms = Percentile(ok, 50),
            PerTurn = perTurn,
            Errors = [.. samples.Where(s => !s.Succeeded).GroupBy(s => s.Error ?? "unknown error").Take(5).Select(g => $"{g.Count()}× {g.Key}")],
        };
    }

    private static ReplayTurnReport Turn(int turn, List<ReplayTurnSample> samples)
    {
        var ok = samples.Where(s => s.Succeeded).ToList();
        var prompt = ok.Sum(s => (long)s.PromptTokens);
        var reportsCache = ok.Any(s => s.CachedTokens is not null);
        var cached = ok.Sum(s => (long)(s.CachedTokens ?? 0));
        return new ReplayTurnReport
        {
            Turn = turn,
            Requests = samples.Count,
            Failed = samples.Count - ok.Count,
            TtftP50Ms = Percentile(ok, 50),
            TtftP90Ms = Percentile(ok, 90),
            TtftMaxMs = Percentile(ok, 100),
            PromptTokensMean = ok.Count == 0 ? 0 : prompt / (double)ok.Count,
            CachedTokensMean = ok.Count == 0 ? 0 : cached / (double)ok.Count,
            CachedShare = reportsCache && prompt > 0 ? cached / (double)prompt : null,
        };
    }

    private static double Percentile(List<ReplayTurnSample> ok, double p)
    {
        var ttfts = ok.Where(s => s.TtftMs is not null).Select(s => s.TtftMs!.Value).ToList();
        return ttfts.Count == 0 ? 0 : Percentiles.Of(ttfts, p);
    }
}

namespace Synapse.Bench.Replay;

/// <summary>A whole replay against one server: the workload, one row per turn, and the totals.</summary>
public sealed record ReplayReport
{
    public required string Target { get; init; }
    public string? Model { get; init; }
    public required int Conversations { get; init; }
    public required int Turns { get; init; }
    public required int SystemWords { get; init; }
    public required int TurnWords { get; init; }
    public required int OutputTokens { get; init; }
    public required bool IgnoreEos { get; init; }
    public required double WallS { get; init; }
    public required int Requests { get; init; }
    public required int Failed { get; init; }
    public long PromptTokens { get; init; }
    public long CachedTokens { get; init; }
    public long CompletionTokens { get; init; }
    /// <summary>Cached over all prompt tokens; null when the server reports no <c>cached_tokens</c>.</summary>
    public double? CachedShare { get; init; }
    public double OutputTokensPerS { get; init; }
    public double RequestsPerS { get; init; }
    public double TtftP50Ms { get; init; }
    public required IReadOnlyList<ReplayTurnReport> PerTurn { get; init; }
    /// <summary>The first errors, with how often each occurred.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}

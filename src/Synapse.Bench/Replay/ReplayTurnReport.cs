namespace Synapse.Bench.Replay;

/// <summary>One turn across all conversations.</summary>
public sealed record ReplayTurnReport
{
    public required int Turn { get; init; }
    public required int Requests { get; init; }
    public required int Failed { get; init; }
    public double TtftP50Ms { get; init; }
    public double TtftP90Ms { get; init; }
    public double TtftMaxMs { get; init; }
    public double PromptTokensMean { get; init; }
    public double CachedTokensMean { get; init; }
    /// <summary>Cached prompt tokens over all prompt tokens of the turn; null when the server reports none.</summary>
    public double? CachedShare { get; init; }
}

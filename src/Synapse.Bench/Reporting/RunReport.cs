namespace Synapse.Bench.Reporting;

/// <summary>One benchmark run against one target: its settings, prompt calibration and one entry per concurrency level.</summary>
public sealed record RunReport
{
    public required BenchSettings Settings { get; init; }
    public required CalibrationReport Calibration { get; init; }
    public required IReadOnlyList<LevelReport> Levels { get; init; }
    /// <summary>Extra facts about the target worth keeping, e.g. the loaded model's description.</summary>
    public IReadOnlyDictionary<string, string> Info { get; init; } = new Dictionary<string, string>();
}

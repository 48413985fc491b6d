namespace Synapse.Bench.Reporting;

/// <summary>The workload as run, echoed into the report so a result file is self-describing.</summary>
public sealed record BenchSettings
{
    public required string Mode { get; init; }
    /// <summary>Base URL (http mode) or GGUF path (engine mode).</summary>
    public required string Target { get; init; }
    public required string Endpoint { get; init; }
    public string? Model { get; init; }
    public required IReadOnlyList<int> Concurrency { get; init; }
    /// <summary>Requests per level; null when the level ran for <see cref="DurationS"/> instead.</summary>
    public int? RequestsPerLevel { get; init; }
    public double? DurationS { get; init; }
    public required int PromptTokens { get; init; }
    public required int OutputTokens { get; init; }
    public required bool IgnoreEos { get; init; }
    /// <summary><c>json_schema</c> when every request carried <c>--response-format-schema</c>'s schema; null otherwise.</summary>
    public string? ResponseFormat { get; init; }
    /// <summary>Unmeasured streams that ran alongside every level.</summary>
    public int BackgroundStreams { get; init; }
    public required double Temperature { get; init; }
}

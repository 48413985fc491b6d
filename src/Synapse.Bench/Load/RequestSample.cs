namespace Synapse.Bench.Load;

/// <summary>What one request measured. Times are milliseconds from the moment the request was sent.</summary>
public sealed record RequestSample
{
    public required bool Succeeded { get; init; }
    public string? Error { get; init; }
    /// <summary>Time to the first non-empty content delta; null when none arrived.</summary>
    public double? TtftMs { get; init; }
    public required double E2eMs { get; init; }
    /// <summary>Gaps between consecutive content deltas (inter-token latency as a client sees it).</summary>
    public IReadOnlyList<double> ChunkGapsMs { get; init; } = [];
    public int ContentChunks { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    /// <summary>The server sent no usage, so <see cref="CompletionTokens"/> counts content chunks instead.</summary>
    public bool UsageMissing { get; init; }
    public string? FinishReason { get; init; }

    /// <summary>Time per output token after the first: (e2e − ttft) / (tokens − 1), as vLLM reports it.</summary>
    public double? TpotMs => Succeeded && TtftMs is { } ttft && CompletionTokens > 1
        ? (E2eMs - ttft) / (CompletionTokens - 1)
        : null;
}

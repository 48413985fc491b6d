namespace Synapse.Bench.Replay;

/// <summary>One measured turn of one conversation.</summary>
public sealed record ReplayTurnSample
{
    public required int Conversation { get; init; }
    /// <summary>1-based.</summary>
    public required int Turn { get; init; }
    public required bool Succeeded { get; init; }
    public string? Error { get; init; }
    public double? TtftMs { get; init; }
    public double E2eMs { get; init; }
    public int PromptTokens { get; init; }
    /// <summary>Null when the server does not report <c>prompt_tokens_details.cached_tokens</c>.</summary>
    public int? CachedTokens { get; init; }
    public int CompletionTokens { get; init; }
    /// <summary>The server's answer, sent back as the assistant message of the next turn.</summary>
    public string Answer { get; init; } = "";
}

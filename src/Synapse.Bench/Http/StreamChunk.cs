namespace Synapse.Bench.Http;

/// <summary>What the benchmark needs from one SSE data payload (or a non-streaming body).</summary>
public sealed record StreamChunk(string? Content, int? PromptTokens, int? CompletionTokens, string? FinishReason, string? Error);

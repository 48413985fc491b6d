namespace Synapse.Engine.Benchmarking;

/// <summary>An in-process load: <see cref="Concurrency"/> clients each sending requests back to back.</summary>
public sealed record EngineBenchmarkOptions
{
    public int Concurrency { get; init; } = 1;
    /// <summary>Exact prompt length in tokens (a synthetic prompt, different per request).</summary>
    public int PromptTokens { get; init; } = 128;
    /// <summary>Exact output length: generated with ignore_eos and max_tokens.</summary>
    public int OutputTokens { get; init; } = 128;
    /// <summary>Requests in all; defaults to one per client.</summary>
    public int? Requests { get; init; }
    /// <summary>0 is greedy, as the HTTP benchmark uses.</summary>
    public float Temperature { get; init; }
}

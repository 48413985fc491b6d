namespace Synapse.Node.Generation;

/// <summary>Everything an endpoint decided before generating: the choices, streaming, and how errors name the prompt.</summary>
public sealed record GenerationPlan(IReadOnlyList<ChoicePlan> Choices, bool Stream, bool IncludeUsage)
{
    /// <summary>The request field a context overflow is blamed on: <c>messages</c> or <c>prompt</c>.</summary>
    public string PromptParam { get; init; } = "messages";

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the request's arrival, for latency metrics.</summary>
    public long StartTimestamp { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>The served model id the request resolved to, for the generation spans.</summary>
    public string Model { get; init; } = "";
}

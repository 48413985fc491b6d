using Synapse.Engine.Generation;

namespace Synapse.Node.Generation;

/// <summary>A finished choice of a non-streaming answer.</summary>
public sealed record ChoiceOutcome(ChoicePlan Plan, string Text, GenerationResult Result)
{
    /// <summary>The generated tokens' logprobs, when the request asked for them.</summary>
    public IReadOnlyList<TokenLogprob>? Logprobs { get; init; }
}

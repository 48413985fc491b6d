using Synapse.Engine.Generation;

namespace Synapse.Node.Generation;

/// <summary>One choice to generate: its index in the answer, which prompt it belongs to, and what the engine gets.</summary>
public sealed record ChoicePlan(int Index, int PromptIndex, GenerationRequest Request)
{
    /// <summary>Text the answer repeats before the generated text (legacy completions' <c>echo</c>).</summary>
    public string? Echo { get; init; }
}

using Synapse.Engine.Generation;

namespace Synapse.Node.Generation;

/// <summary>A finished choice of a non-streaming answer.</summary>
public sealed record ChoiceOutcome(ChoicePlan Plan, string Text, GenerationResult Result);

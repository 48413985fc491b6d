using Synapse.Node.Generation;
using Synapse.Node.Tools;

namespace Synapse.Node.Chat;

/// <summary>A chat request ready for the engine: one <see cref="ChoicePlan"/> per choice, and how their text is split.</summary>
public sealed record ChatPlan(IReadOnlyList<ChoicePlan> Choices, ChatOutputOptions Output);

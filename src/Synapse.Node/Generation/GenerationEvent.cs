using Synapse.Engine.Generation;

namespace Synapse.Node.Generation;

/// <summary>
/// A text delta of one choice, or (with <see cref="Finished"/> set) its end; with logprobs asked for, the tokens
/// generated since the previous event (null when none).
/// </summary>
public readonly record struct GenerationEvent(int Slot, string? Text, GenerationResult? Finished, IReadOnlyList<TokenLogprob>? Logprobs = null);

namespace Synapse.Engine.Embeddings;

/// <summary>
/// An input has more tokens than one sequence of the embedding context can read in one batch (a non-causal encoder
/// needs the whole input in one ubatch). Never truncated: a client error (400).
/// </summary>
public sealed class EmbeddingInputTooLongException(int index, int tokens, int limit)
    : Exception($"Input {index} has {tokens} tokens, more than the {limit} this model reads at once. Shorten or split the input.")
{
    public int Index { get; } = index;
    public int Tokens { get; } = tokens;
    public int Limit { get; } = limit;
}

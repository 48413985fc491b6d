namespace Synapse.Engine.Embeddings;

/// <summary>The embeddings of one request's inputs, in input order, and the tokens the model read.</summary>
/// <param name="Embeddings">One vector per input: pooled, and L2-normalised where the model says so.</param>
/// <param name="PromptTokens">Tokens of all inputs together.</param>
public sealed record EmbeddingResult(IReadOnlyList<float[]> Embeddings, int PromptTokens);

namespace Synapse.Testing.Llama;

/// <summary>What a greedy run produced: the ids, and each of the first steps' logits for every token.</summary>
public sealed record GreedyRun(int[] Ids, float[][] Logits);

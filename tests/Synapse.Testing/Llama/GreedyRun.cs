namespace Synapse.Models.Tests.TestModels;

/// <summary>What a greedy run produced: the ids, and each of the first steps' logits for every token.</summary>
internal sealed record GreedyRun(int[] Ids, float[][] Logits);

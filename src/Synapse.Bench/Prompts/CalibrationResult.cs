namespace Synapse.Bench.Prompts;

/// <summary>The word count chosen and the prompt tokens the target counted for it (chat template included).</summary>
public sealed record CalibrationResult(int Words, int Tokens, int Probes);

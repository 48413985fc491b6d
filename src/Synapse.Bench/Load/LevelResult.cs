namespace Synapse.Bench.Load;

/// <summary>The raw outcome of one concurrency level: every sample and the wall time of the measured phase.</summary>
public sealed record LevelResult(int Concurrency, IReadOnlyList<RequestSample> Samples, TimeSpan Wall);

namespace Synapse.Bench.Reporting;

/// <summary>HTTP versus in-process on the same model: the acceptance bar is a single-stream ratio of at least 0.95.</summary>
public sealed record ComparisonReport(int Concurrency, double HttpOutputTokensPerS, double EngineOutputTokensPerS, double Ratio);

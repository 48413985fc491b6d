namespace Synapse.Bench.Reporting;

/// <summary>How the synthetic prompt was sized: the target, what was reached, and how many probes it took.</summary>
public sealed record CalibrationReport(int TargetTokens, int ActualTokens, int Words, int Probes);

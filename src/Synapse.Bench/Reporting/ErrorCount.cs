namespace Synapse.Bench.Reporting;

public sealed record ErrorCount(string Message, int Count);

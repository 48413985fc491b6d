namespace Synapse.Engine.Benchmarking;

/// <summary>
/// What an in-process run measured. TTFT and end-to-end are per request from submission (queue time included);
/// inter-token latency is a request's (total − TTFT) / (output tokens − 1).
/// </summary>
public sealed record EngineBenchmarkResult(
    int Concurrency,
    int PromptTokens,
    int OutputTokens,
    int Completed,
    int Failed,
    long TotalOutputTokens,
    TimeSpan Elapsed,
    double OutputTokensPerSecond,
    double RequestsPerSecond,
    TimeSpan TimeToFirstTokenP50,
    TimeSpan TimeToFirstTokenP95,
    TimeSpan InterTokenLatencyP50,
    TimeSpan EndToEndP50,
    TimeSpan EndToEndP95)
{
    public override string ToString() =>
        $"concurrency {Concurrency}, prompt {PromptTokens}, output {OutputTokens}: {Completed} completed, {Failed} failed, " +
        $"{OutputTokensPerSecond:F1} output tok/s, {RequestsPerSecond:F2} req/s, TTFT p50 {TimeToFirstTokenP50.TotalSeconds:F3} s " +
        $"p95 {TimeToFirstTokenP95.TotalSeconds:F3} s, ITL p50 {InterTokenLatencyP50.TotalMilliseconds:F1} ms, " +
        $"E2E p50 {EndToEndP50.TotalSeconds:F2} s p95 {EndToEndP95.TotalSeconds:F2} s";
}

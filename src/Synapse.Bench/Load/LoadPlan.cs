namespace Synapse.Bench.Load;

/// <summary>
/// How much load one level applies: a fixed number of requests, or as many as start within a duration
/// (requests in flight at the deadline still finish and count).
/// </summary>
public sealed record LoadPlan(int Concurrency, int? Requests, TimeSpan? Duration, int MaxTokens)
{
    public static LoadPlan ForRequests(int concurrency, int requests, int maxTokens) => new(concurrency, requests, null, maxTokens);

    public static LoadPlan ForDuration(int concurrency, TimeSpan duration, int maxTokens) => new(concurrency, null, duration, maxTokens);
}

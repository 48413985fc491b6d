using Synapse.Bench.Http;
using Synapse.Bench.Load;

namespace Synapse.Bench.Reporting;

public static class BenchSettingsFactory
{
    public static BenchSettings Create(string mode, string target, BenchEndpoint endpoint, string? model, WorkloadOptions workload) => new()
    {
        Mode = mode,
        Target = target,
        Endpoint = endpoint == BenchEndpoint.Chat ? "chat" : "completions",
        Model = model,
        Concurrency = workload.Concurrency,
        RequestsPerLevel = workload.Duration is null ? workload.Requests : null,
        DurationS = workload.Duration?.TotalSeconds,
        PromptTokens = workload.PromptTokens,
        OutputTokens = workload.OutputTokens,
        IgnoreEos = workload.IgnoreEos,
        ResponseFormat = workload.ResponseFormatSchema is null ? null : "json_schema",
        BackgroundStreams = workload.Background,
        Temperature = 0,
    };
}

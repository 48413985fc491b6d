using Synapse.Bench.Load;
using Synapse.Bench.Prompts;
using Synapse.Bench.Reporting;

namespace Synapse.Bench.Http;

/// <summary>A whole benchmark run against an OpenAI-compatible URL: find the model, size the prompt, warm up, measure.</summary>
public static class HttpBench
{
    public static async Task<RunReport> RunAsync(HttpTarget target, WorkloadOptions workload, TextWriter log, CancellationToken cancellationToken)
    {
        using var client = BenchHttpClientFactory.Create(workload.Concurrency.Max() + workload.Background);
        if (target.Model is null)
        {
            var discovered = await new HttpProbe(client, target).DiscoverModelAsync(cancellationToken).ConfigureAwait(false);
            log.WriteLine($"model: {discovered} (from GET /v1/models)");
            target = target with { Model = discovered };
        }

        var probe = new HttpProbe(client, target);
        var prompt = new SyntheticPrompt();
        log.WriteLine($"calibrating a {workload.PromptTokens}-token prompt…");
        var calibration = await PromptCalibrator.CalibrateAsync(
            workload.PromptTokens,
            (words, ct) => probe.CountPromptTokensAsync(prompt.Build(words, 0), ct),
            cancellationToken).ConfigureAwait(false);
        log.WriteLine($"prompt: {calibration.Words} words = {calibration.Tokens} tokens ({calibration.Probes} probes)");

        var driver = new HttpRequestDriver(client, target, prompt, calibration.Words, workload.IgnoreEos, workload.RequestTimeout,
            workload.ResponseFormatSchema);
        var levels = await WorkloadRunner.RunAsync(driver, workload, log, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return new RunReport
        {
            Settings = BenchSettingsFactory.Create("http", target.ApiBase.ToString(), target.Endpoint, target.Model, workload),
            Calibration = new CalibrationReport(workload.PromptTokens, calibration.Tokens, calibration.Words, calibration.Probes),
            Levels = levels,
        };
    }
}

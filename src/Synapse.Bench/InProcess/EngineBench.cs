using Synapse.Bench.Http;
using Synapse.Bench.Load;
using Synapse.Bench.Prompts;
using Synapse.Bench.Reporting;
using Synapse.Engine;

namespace Synapse.Bench.InProcess;

/// <summary>The in-process counterpart of <see cref="HttpBench"/>: same workload, no HTTP, no JSON.</summary>
public static class EngineBench
{
    public static async Task<RunReport> RunAsync(
        IInferenceEngine engine, BenchEndpoint endpoint, WorkloadOptions workload, TextWriter log, CancellationToken cancellationToken)
    {
        var prompts = new EnginePromptBuilder(engine, endpoint, new SyntheticPrompt());
        var calibration = await PromptCalibrator.CalibrateAsync(
            workload.PromptTokens,
            (words, _) => Task.FromResult(prompts.CountTokens(words)),
            cancellationToken).ConfigureAwait(false);
        prompts.Words = calibration.Words;
        log.WriteLine($"prompt: {calibration.Words} words = {calibration.Tokens} tokens");

        var driver = new EngineRequestDriver(engine, prompts, workload.IgnoreEos);
        var levels = await WorkloadRunner.RunAsync(driver, workload, log, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var model = engine.Model;
        return new RunReport
        {
            Settings = BenchSettingsFactory.Create("engine", model.Path, endpoint, Path.GetFileNameWithoutExtension(model.Path), workload),
            Calibration = new CalibrationReport(workload.PromptTokens, calibration.Tokens, calibration.Words, calibration.Probes),
            Levels = levels,
            Info = new Dictionary<string, string>
            {
                ["model"] = $"{model.Description} ({model.FileType}, {model.ParameterCount:N0} parameters)",
                ["native"] = model.NativeVariant,
                ["context"] = $"{engine.ContextSize} tokens per sequence, {engine.GetStats().Slots} slots",
            },
        };
    }
}

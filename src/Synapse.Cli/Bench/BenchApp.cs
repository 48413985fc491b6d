using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Synapse.Bench;
using Synapse.Bench.Http;
using Synapse.Bench.InProcess;
using Synapse.Bench.Replay;
using Synapse.Bench.Reporting;
using Synapse.Cli.CommandLine;

namespace Synapse.Cli.Bench;

/// <summary>
/// <c>synapse bench</c> end to end: parse, run the chosen mode, print the table (stdout, or stderr when the JSON
/// goes to stdout) and write the JSON. Progress goes to stderr so stdout stays machine-readable.
/// </summary>
public sealed class BenchApp(string usage)
{
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        BenchInvocation invocation;
        try
        {
            var parsed = ArgumentParser.Parse(args, BenchCommandLine.Options);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(output, usage, BenchCommandLine.Description, BenchCommandLine.Options);
                return ExitCodes.Ok;
            }

            invocation = BenchCommandLine.Parse(parsed);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine();
            HelpWriter.Write(error, usage, BenchCommandLine.Description, BenchCommandLine.Options);
            return ExitCodes.Usage;
        }

        var tableWriter = invocation.JsonPath == "-" ? error : output;
        if (invocation.Replay is not null)
        {
            return await RunReplayAsync(invocation, tableWriter, output, error, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var startedAt = DateTimeOffset.UtcNow;
            var (runs, comparison) = await RunModeAsync(invocation, error, cancellationToken).ConfigureAwait(false);
            // With --baseline-url the runs are baseline first, then the target.
            var urlComparison = invocation.BaselineUrl is null ? null : UrlComparisonReport.Compare(runs[1], runs[0]);
            foreach (var run in runs)
            {
                tableWriter.WriteLine();
                ReportTable.Write(tableWriter, run);
            }

            if (comparison is not null)
            {
                tableWriter.WriteLine();
                ReportTable.WriteComparison(tableWriter, comparison);
            }

            if (urlComparison is not null)
            {
                tableWriter.WriteLine();
                ReportTable.WriteUrlComparison(tableWriter, runs[1].Settings.Target, runs[0].Settings.Target, urlComparison);
            }

            if (invocation.JsonPath is { } path)
            {
                var report = new BenchReport
                {
                    Version = Version,
                    StartedAt = startedAt,
                    Machine = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}",
                    Runs = runs,
                    Comparison = comparison,
                    UrlComparison = urlComparison,
                };
                await WriteJsonAsync(path, report, output, cancellationToken).ConfigureAwait(false);
            }

            return runs.All(r => r.Levels.All(l => l.Failed == 0)) ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (BenchException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
    }

    private static async Task<int> RunReplayAsync(BenchInvocation invocation, TextWriter tableWriter, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var startedAt = DateTimeOffset.UtcNow;
            var replays = new List<ReplayReport>();
            // One after the other, never both at once: each server gets the whole machine.
            foreach (var url in new[] { invocation.BaselineUrl, invocation.Url }.OfType<Uri>())
            {
                var target = new HttpTarget(url, BenchEndpoint.Chat, invocation.Model, invocation.ApiKey);
                var report = await ReplayRunner.RunAsync(target, invocation.Replay!, error, cancellationToken).ConfigureAwait(false);
                replays.Add(report);
                tableWriter.WriteLine();
                ReplayTable.Write(tableWriter, report);
            }

            if (invocation.JsonPath is { } path)
            {
                var report = new BenchReport
                {
                    Version = Version,
                    StartedAt = startedAt,
                    Machine = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}",
                    Runs = [],
                    Replays = replays,
                };
                await WriteJsonAsync(path, report, output, cancellationToken).ConfigureAwait(false);
            }

            return replays.All(r => r.Failed == 0) ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (BenchException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
    }

    // Relaxed escaping keeps '+' (build metadata) and non-ASCII model names readable; the file is not HTML.
    private static readonly JsonSerializerOptions JsonOptions = new(BenchJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Version { get; } =
        typeof(BenchApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static async Task<(IReadOnlyList<RunReport> Runs, IReadOnlyList<ComparisonReport>? Comparison)> RunModeAsync(
        BenchInvocation invocation, TextWriter log, CancellationToken cancellationToken)
    {
        if (invocation is { Url: { } targetUrl, BaselineUrl: { } baselineUrl })
        {
            // One after the other, never both at once: each gets the whole machine.
            var baseline = new HttpTarget(baselineUrl, invocation.Endpoint, invocation.Model, invocation.ApiKey);
            var baselineRun = await HttpBench.RunAsync(baseline, invocation.Workload, log, cancellationToken).ConfigureAwait(false);
            var measured = new HttpTarget(targetUrl, invocation.Endpoint, invocation.Model, invocation.ApiKey);
            var targetRun = await HttpBench.RunAsync(measured, invocation.Workload, log, cancellationToken).ConfigureAwait(false);
            return ([baselineRun, targetRun], null);
        }

        if (invocation.Url is { } url)
        {
            var target = new HttpTarget(url, invocation.Endpoint, invocation.Model, invocation.ApiKey);
            return ([await HttpBench.RunAsync(target, invocation.Workload, log, cancellationToken).ConfigureAwait(false)], null);
        }

        if (!invocation.Compare)
        {
            await using var engine = await EngineLoader.LoadAsync(invocation, log, cancellationToken).ConfigureAwait(false);
            return ([await EngineBench.RunAsync(engine, invocation.Endpoint, invocation.Workload, log, cancellationToken).ConfigureAwait(false)], null);
        }

        // HTTP first, then in-process, never both at once: each half gets the whole machine.
        var http = await InProcessNode.BenchAsync(invocation, log, cancellationToken).ConfigureAwait(false);
        RunReport direct;
        await using (var engine = await EngineLoader.LoadAsync(invocation, log, cancellationToken).ConfigureAwait(false))
        {
            direct = await EngineBench.RunAsync(engine, invocation.Endpoint, invocation.Workload, log, cancellationToken).ConfigureAwait(false);
        }

        var comparison = http.Levels
            .Join(direct.Levels, h => h.Concurrency, d => d.Concurrency, (h, d) => new ComparisonReport(
                h.Concurrency, h.OutputTokensPerS, d.OutputTokensPerS, d.OutputTokensPerS > 0 ? h.OutputTokensPerS / d.OutputTokensPerS : 0))
            .ToList();
        return ([http, direct], comparison);
    }

    private static async Task WriteJsonAsync(string path, BenchReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(report, JsonOptions.GetTypeInfo(typeof(BenchReport)));
        if (path == "-")
        {
            output.WriteLine(json);
            return;
        }

        try
        {
            await File.WriteAllTextAsync(path, json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BenchException($"cannot write the JSON report to '{path}': {ex.Message}");
        }
    }
}

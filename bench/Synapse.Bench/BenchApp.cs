using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Synapse.Bench.CommandLine;
using Synapse.Bench.Http;
using Synapse.Bench.Reporting;

namespace Synapse.Bench;

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
        try
        {
            var startedAt = DateTimeOffset.UtcNow;
            var (runs, comparison) = await RunModeAsync(invocation, error, cancellationToken).ConfigureAwait(false);
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

            if (invocation.JsonPath is { } path)
            {
                var report = new BenchReport
                {
                    Version = Version,
                    StartedAt = startedAt,
                    Machine = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}",
                    Runs = runs,
                    Comparison = comparison,
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

    public static string Version { get; } =
        typeof(BenchApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static async Task<(IReadOnlyList<RunReport> Runs, IReadOnlyList<ComparisonReport>? Comparison)> RunModeAsync(
        BenchInvocation invocation, TextWriter log, CancellationToken cancellationToken)
    {
        if (invocation.Url is { } url)
        {
            var target = new HttpTarget(url, invocation.Endpoint, invocation.Model, invocation.ApiKey);
            return ([await HttpBench.RunAsync(target, invocation.Workload, log, cancellationToken).ConfigureAwait(false)], null);
        }

        throw new BenchException("in-process modes are not built yet");
    }

    private static async Task WriteJsonAsync(string path, BenchReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(report, BenchJsonContext.Default.BenchReport);
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

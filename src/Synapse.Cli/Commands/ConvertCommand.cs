using System.Diagnostics;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Conversion;
using Synapse.Cli.Native;
using Synapse.Models.Conversion;
using Synapse.Models.Safetensors;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse convert DIR --out FILE --quant Q</c>: converts a Hugging Face model directory to GGUF (and quantizes it
/// with llama.cpp's quantizer). <c>--benchmark</c> also measures it against a plain read of the same files.
/// </summary>
public sealed class ConvertCommand : ICommand
{
    private const string Usage = "synapse convert DIR --out FILE [options]";

    private static readonly string Description =
        "Converts a Hugging Face model directory (config.json, *.safetensors, tokenizer files) to a GGUF file the way\n" +
        "llama.cpp's convert_hf_to_gguf.py does, then quantizes it with llama.cpp's quantizer. Architectures:\n" +
        "  " + string.Join(", ", HfToGgufConverter.SupportedArchitectures) + ".\n" +
        "The file is written beside FILE and renamed into place: an interrupted run leaves nothing behind.";

    private static readonly IReadOnlyList<CommandOption> Options =
    [
        new("--out", "The GGUF file to write.", "FILE"),
        new("--quant", "Output type: " + string.Join(", ", ModelQuantizations.All.Select(q => q.Name())) + ".", "TYPE") { Default = "Q8_0" },
        new("--force", "Replace FILE when it exists."),
        new("--benchmark", "Also time a plain read of the safetensors files (cold, then warm) and report MB/s and peak memory."),
    ];

    public string Name => "convert";

    public string Summary => "Convert a Hugging Face model directory to GGUF (and quantize it).";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        string directory;
        string output;
        ModelQuantization quantization;
        bool benchmark;
        try
        {
            var parsed = ArgumentParser.Parse(args, Options, maxPositionals: 1);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, Options);
                return ExitCodes.Ok;
            }

            directory = parsed.Positionals.Count == 1 ? Path.GetFullPath(parsed.Positionals[0]) : throw new UsageException("the model directory DIR is required");
            output = Path.GetFullPath(parsed.GetRequiredString("--out"));
            quantization = ModelQuantizations.TryParse(parsed.GetString("--quant") ?? "Q8_0", out var q)
                ? q
                : throw new UsageException($"option '--quant': '{parsed.GetString("--quant")}' is not one of {string.Join(", ", ModelQuantizations.All.Select(x => x.Name()))}");
            benchmark = parsed.GetSwitch("--benchmark");
            if (!Directory.Exists(directory))
            {
                context.Error.WriteLine($"error: model directory '{directory}' does not exist");
                return ExitCodes.Failure;
            }

            if (File.Exists(output) && !parsed.GetSwitch("--force"))
            {
                context.Error.WriteLine($"error: '{output}' exists; pass --force to replace it");
                return ExitCodes.Failure;
            }
        }
        catch (UsageException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            context.Error.WriteLine();
            HelpWriter.Write(context.Error, Usage, Description, Options);
            return ExitCodes.Usage;
        }

        if (quantization.NeedsQuantizer())
        {
            QuietNativeLog.Install(context.Error);
        }

        try
        {
            return benchmark
                ? await BenchmarkAsync(directory, output, quantization, context).ConfigureAwait(false)
                : await ConvertAsync(directory, output, quantization, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidDataException or FileNotFoundException
            or DirectoryNotFoundException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> ConvertAsync(string directory, string output, ModelQuantization quantization, CommandContext context)
    {
        var watch = Stopwatch.StartNew();
        await HfToGgufConverter.ConvertAsync(directory, output, quantization, new ConsoleConversionProgress(context.Error, null), context.CancellationToken)
            .ConfigureAwait(false);
        var size = new FileInfo(output).Length;
        context.Out.WriteLine($"wrote {output}: {quantization.Name()}, {size / (1024.0 * 1024):F1} MiB in {watch.Elapsed.TotalSeconds:F1} s");
        return ExitCodes.Ok;
    }

    private static async Task<int> BenchmarkAsync(string directory, string output, ModelQuantization quantization, CommandContext context)
    {
        List<string> files;
        using (var checkpoint = SafetensorsCheckpoint.Open(directory))
        {
            files = checkpoint.Files.Select(f => f.Path).ToList();
        }

        var evicted = PageCache.TryEvict(files);
        var cold = SequentialRead.Measure(files, context.CancellationToken);
        var warm = SequentialRead.Measure(files, context.CancellationToken);
        var baselinePeak = ResidentMemory.Peak();

        using var sampler = new PhaseMemorySampler();
        var watch = Stopwatch.StartNew();
        await HfToGgufConverter.ConvertAsync(directory, output, quantization, new ConsoleConversionProgress(context.Error, sampler), context.CancellationToken)
            .ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        var peaks = sampler.Peaks;
        var anonymousPeaks = sampler.AnonymousPeaks;
        var durations = sampler.Durations;
        var size = new FileInfo(output).Length;

        static double MBps(long bytes, TimeSpan time) => bytes / 1e6 / time.TotalSeconds;
        static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB";
        var w = context.Out;
        w.WriteLine($"source: {directory} ({files.Count} safetensors file(s), {cold.Bytes / 1e6:N0} MB)");
        w.WriteLine($"plain read, {(evicted ? "cold (page cache dropped)" : "as cached")}: {cold.Elapsed.TotalSeconds:F1} s, {MBps(cold.Bytes, cold.Elapsed):N0} MB/s");
        w.WriteLine($"plain read, warm: {warm.Elapsed.TotalSeconds:F1} s, {MBps(warm.Bytes, warm.Elapsed):N0} MB/s");
        w.WriteLine($"convert to {quantization.Name()}: {elapsed.TotalSeconds:F1} s, {MBps(cold.Bytes, elapsed):N0} MB/s of source; output {size / 1e6:N0} MB");
        foreach (var (phase, peak) in peaks.Where(p => p.Key is "converting" or "quantizing" or "planning"))
        {
            var anonymous = anonymousPeaks.TryGetValue(phase, out var a) ? $" (anonymous: {Gib(a)}; the rest are mapped file pages)" : "";
            var time = durations.TryGetValue(phase, out var d) ? $", {d.TotalSeconds:F1} s" : "";
            w.WriteLine($"peak resident memory while {phase}: {Gib(peak)}{anonymous}{time}");
        }

        w.WriteLine($"peak resident memory of the process (VmHWM): {Gib(ResidentMemory.Peak())} (before converting: {Gib(baselinePeak)})");
        return ExitCodes.Ok;
    }
}

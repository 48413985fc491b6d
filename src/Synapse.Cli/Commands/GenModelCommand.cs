using System.Diagnostics;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Native;
using Synapse.TestModels;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse gen-model</c>: writes a random-weight GGUF with the shape of a real model, so benchmarks run offline.
/// Speed depends on shape and quantization, not on the weights' values, so these measure what the real model would.
/// </summary>
public sealed class GenModelCommand : ICommand
{
    private const string Usage = "synapse gen-model --shape SHAPE --out FILE [options]";

    private const string Description =
        "Writes a llama-architecture GGUF with random weights and the shape (layers, widths, vocabulary size) of a\n" +
        "real model, with a small real tokenizer and chat template. Throughput measured on it matches the real model's.";

    private static readonly IReadOnlyDictionary<string, TestModelSpec> Shapes = new Dictionary<string, TestModelSpec>(StringComparer.OrdinalIgnoreCase)
    {
        ["tiny"] = TestModelSpec.Tiny,
        ["smollm2-135m"] = TestModelSpec.SmolLM2_135M,
        ["tinyllama-1.1b"] = TestModelSpec.TinyLlama_1_1B,
    };

    private static readonly string[] Quantizations = ["F16", "F32", "Q8_0", "Q4_K_M"];

    private static readonly IReadOnlyList<CommandOption> Options =
    [
        new("--shape", "The model shape: " + string.Join(", ", Shapes.Keys) + ".", "SHAPE"),
        new("--quant", "Weight type: " + string.Join(", ", Quantizations) + " (quantized by llama.cpp from F16).", "TYPE") { Default = "F16" },
        new("--out", "The GGUF file to write.", "FILE"),
        new("--seed", "Seed of the random weights (same seed, same file).", "N") { Default = "42" },
        new("--force", "Replace FILE when it exists."),
    ];

    public string Name => "gen-model";

    public string Summary => "Write a random-weight GGUF with a real model's shape (for offline benchmarks).";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        TestModelSpec spec;
        string output;
        string quant;
        try
        {
            var parsed = ArgumentParser.Parse(args, Options);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, Options);
                return ExitCodes.Ok;
            }

            var shape = parsed.GetRequiredString("--shape");
            if (!Shapes.TryGetValue(shape, out var baseSpec))
            {
                throw new UsageException($"option '--shape': '{shape}' is not one of {string.Join(", ", Shapes.Keys)}");
            }

            quant = parsed.GetChoice("--quant", Quantizations, "F16");
            output = Path.GetFullPath(parsed.GetRequiredString("--out"));
            var seed = parsed.GetInt("--seed", 42, 0);
            // The tensor type follows from --quant (BenchModelGenerator writes F16 first for quantized types).
            spec = baseSpec with { Seed = (ulong)seed };
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

        var watch = Stopwatch.StartNew();
        context.Error.WriteLine($"writing {spec.Name} ({spec.ParameterCount:N0} parameters, {quant}) to {output}…");
        try
        {
            await BenchModelGenerator.WriteAsync(
                spec,
                quant,
                output,
                beforeQuantizing: () =>
                {
                    context.Error.WriteLine($"quantizing to {quant}…");
                    QuietNativeLog.Install(context.Error);
                },
                context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            context.Error.WriteLine($"error: cannot write '{output}': {ex.Message}");
            return ExitCodes.Failure;
        }

        var size = new FileInfo(output).Length;
        context.Out.WriteLine($"wrote {output}: {spec.Name}, {spec.ParameterCount:N0} parameters, {quant}, {size / (1024.0 * 1024):F1} MiB in {watch.Elapsed.TotalSeconds:F1} s");
        return ExitCodes.Ok;
    }
}

using System.Diagnostics;
using Synapse.Cli.CommandLine;
using Synapse.TestModels;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse gen-hf-model</c>: writes a random-weight Gemma 2 or Qwen2 checkpoint in Hugging Face layout (BF16
/// safetensors), the input of the conversion benchmark (<c>synapse convert --benchmark</c>).
/// </summary>
public sealed class GenHfModelCommand : ICommand
{
    private const string Usage = "synapse gen-hf-model --shape SHAPE --tokenizer-from DIR --out DIR [options]";

    private const string Description =
        "Writes config.json, BF16 safetensors (sharded at 5 GB with an index, as the hub does) and tokenizer files of a\n" +
        "random-weight model. Gemma 2 shapes take the tokenizer from a small SentencePiece model directory (for example\n" +
        "the tiny-gemma2 fixture) and pad it with unused pieces to the shape's vocabulary size; the Qwen2.5 shape copies\n" +
        "a byte-level BPE tokenizer.json (for example the Qwen-Qwen3 tokenizer fixture), which conversion pads; the BERT-base\n" +
        "shape copies a WordPiece tokenizer.json and vocab.txt (for example the tiny-bert fixture) and writes\n" +
        "sentence-transformers mean pooling with normalisation.";

    private static readonly IReadOnlyDictionary<string, HfBenchModelSpec> Shapes = new Dictionary<string, HfBenchModelSpec>(StringComparer.OrdinalIgnoreCase)
    {
        ["gemma-2-2b"] = HfBenchModelSpec.Gemma2_2B,
        ["qwen2.5-0.5b"] = HfBenchModelSpec.Qwen2_5_0_5B,
        ["bert-base"] = HfBenchModelSpec.BertBase,
        ["tiny"] = HfBenchModelSpec.Tiny,
    };

    private static readonly IReadOnlyList<CommandOption> Options =
    [
        new("--shape", "The model shape: " + string.Join(", ", Shapes.Keys) + ".", "SHAPE"),
        new("--tokenizer-from", "A model directory with the tokenizer: tokenizer.model (Gemma 2) or tokenizer.json (Qwen2.5).", "DIR"),
        new("--out", "The directory to write.", "DIR"),
        new("--seed", "Seed of the random weights.", "N") { Default = "42" },
    ];

    public string Name => "gen-hf-model";

    public string Summary => "Write a random-weight Hugging Face checkpoint of a real model's shape (conversion benchmark input).";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        HfBenchModelSpec spec;
        string tokenizer;
        string output;
        int seed;
        try
        {
            var parsed = ArgumentParser.Parse(args, Options);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, Options);
                return ExitCodes.Ok;
            }

            var shape = parsed.GetRequiredString("--shape");
            spec = Shapes.TryGetValue(shape, out var s) ? s : throw new UsageException($"option '--shape': '{shape}' is not one of {string.Join(", ", Shapes.Keys)}");
            tokenizer = Path.GetFullPath(parsed.GetRequiredString("--tokenizer-from"));
            output = Path.GetFullPath(parsed.GetRequiredString("--out"));
            seed = parsed.GetInt("--seed", 42, 0);
        }
        catch (UsageException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            context.Error.WriteLine();
            HelpWriter.Write(context.Error, Usage, Description, Options);
            return ExitCodes.Usage;
        }

        var watch = Stopwatch.StartNew();
        context.Error.WriteLine($"writing {spec.Name} ({spec.ParameterCount:N0} parameters, BF16) to {output}…");
        try
        {
            await HfBenchModelGenerator.WriteAsync(spec, tokenizer, output, (ulong)seed, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }

        context.Out.WriteLine($"wrote {output}: {spec.Name}, {spec.ParameterCount:N0} parameters in {watch.Elapsed.TotalSeconds:F1} s");
        return ExitCodes.Ok;
    }
}

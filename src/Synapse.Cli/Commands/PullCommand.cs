using System.Diagnostics;
using Synapse.Cli.CommandLine;
using Synapse.Cli.Native;
using Synapse.Models.Conversion;
using Synapse.Models.Hub;

namespace Synapse.Cli.Commands;

/// <summary>
/// <c>synapse pull MODEL</c>: what a node does before it loads (download into the shared Hugging Face cache, convert
/// and quantize safetensors), done ahead of time, printing where the GGUF file is.
/// </summary>
public sealed class PullCommand : ICommand
{
    private const string Usage = "synapse pull MODEL [--quant TYPE]";

    private const string Description =
        "Downloads MODEL (org/name, gpt2, org/name@revision, org/name:Q4_K_M, a local folder) into the Hugging Face cache\n" +
        "(HF_HOME, default ~/.cache/huggingface) and converts safetensors to GGUF, so a node starts at once later.\n" +
        "HF_TOKEN or `hf auth login` gives access to gated models; HF_HUB_OFFLINE=1 uses the cache alone.";

    private static readonly IReadOnlyList<CommandOption> Options =
    [
        new("--quant", "Type safetensors are converted to: F16, BF16, Q8_0, Q6_K, Q5_K_M, Q4_K_M (default: SYNAPSE_QUANT, else Q8_0).", "TYPE"),
    ];

    public string Name => "pull";

    public string Summary => "Download (and convert) a model into the cache ahead of time.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        ModelReference reference;
        ModelQuantization quantization;
        try
        {
            var parsed = ArgumentParser.Parse(args, Options, maxPositionals: 1);
            if (parsed.HelpRequested)
            {
                HelpWriter.Write(context.Out, Usage, Description, Options);
                return ExitCodes.Ok;
            }

            if (parsed.Positionals.Count != 1)
            {
                throw new UsageException("give the model to pull");
            }

            var quant = parsed.GetString("--quant") ?? context.Variables("SYNAPSE_QUANT") ?? "Q8_0";
            if (!ConversionTargets.TryParse(quant, out quantization))
            {
                throw new UsageException($"option '--quant': '{quant}' is not one of {ConversionTargets.Names}");
            }

            reference = ModelReference.Parse(parsed.Positionals[0]);
        }
        catch (Exception ex) when (ex is UsageException or FormatException)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            context.Error.WriteLine();
            HelpWriter.Write(context.Error, Usage, Description, Options);
            return ExitCodes.Usage;
        }

        var environment = HubEnvironment.FromVariables(context.Variables);
        var printer = new ProgressPrinter(context.Error, context.ErrorIsTerminal);
        var watch = Stopwatch.StartNew();
        try
        {
            QuietNativeLog.Install(context.Error);
            using var resolver = new ModelResolver(environment);
            var resolved = await resolver.ResolveAsync(reference, quantization, printer, printer, context.CancellationToken).ConfigureAwait(false);
            printer.Finish();
            var size = new FileInfo(resolved.GgufPath).Length;
            var origin = resolved.Commit is null ? "" : $" (commit {resolved.Commit[..Math.Min(12, resolved.Commit.Length)]})";
            var converted = resolved.Quantization is { } q ? $", converted to {q.Name()}" : "";
            context.Out.WriteLine($"{reference.Text}{origin}{converted}: {resolved.GgufPath} ({size / (1024.0 * 1024):F1} MiB, {watch.Elapsed.TotalSeconds:F1} s)");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HubException or NotSupportedException or InvalidDataException or FileNotFoundException or IOException)
        {
            printer.Finish();
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}

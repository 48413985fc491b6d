using Synapse.Models.Conversion.Architectures;
using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Conversion.Tokenizers;
using Synapse.Models.Gguf;
using Synapse.Models.Quantization;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion;

/// <summary>
/// Converts a Hugging Face model directory (config.json, safetensors, tokenizer files) into a GGUF file the way
/// llama.cpp's convert_hf_to_gguf.py does, quantizing Q8_0 as it streams (ggml's kernel) and K-quants with llama.cpp's quantizer. The output is written
/// to a temporary file beside <c>outputPath</c> and renamed into place, so a crash or cancellation leaves no file.
/// </summary>
public static class HfToGgufConverter
{
    /// <summary>The quantization version llama.cpp's converter records (ggml's GGML_QNT_VERSION).</summary>
    private const uint QuantizationVersion = 2;

    /// <summary>llama.cpp's LLAMA_FTYPE_MOSTLY_Q8_0, which its quantizer records as general.file_type.</summary>
    private const uint Q8FileType = 7;

    /// <summary>The Hugging Face architectures (config.json <c>architectures</c>) that convert.</summary>
    public static IReadOnlyList<string> SupportedArchitectures => ArchitectureRegistry.SupportedHfArchitectures;

    /// <summary>Converts <paramref name="modelDirectory"/> into the GGUF file <paramref name="outputPath"/> (replacing it).</summary>
    /// <exception cref="UnsupportedArchitectureException">The model's architecture is not one the converter knows.</exception>
    /// <exception cref="FileNotFoundException">config.json, the weights or the tokenizer are missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the weights do not fit the config.</exception>
    public static Task ConvertAsync(
        string modelDirectory,
        string outputPath,
        ModelQuantization quantization,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken) =>
        ConvertAsync(modelDirectory, outputPath, quantization, progress, HfTokenizerImporter.Import, cancellationToken);

    /// <summary>The conversion with the tokenizer import supplied by the caller (tests of the tensor side).</summary>
    internal static Task ConvertAsync(
        string modelDirectory,
        string outputPath,
        ModelQuantization quantization,
        IProgress<ConversionProgress>? progress,
        Func<string, int?, GgufTokenizer> importTokenizer,
        CancellationToken cancellationToken) =>
        ConvertAsync(modelDirectory, outputPath, quantization, progress, importTokenizer, forceLlamaQuantizer: false, cancellationToken);

    /// <summary>
    /// The conversion, optionally quantizing Q8_0 the old way too (a float file, then llama.cpp's quantizer), which
    /// the streamed Q8_0 output is checked against.
    /// </summary>
    internal static Task ConvertAsync(
        string modelDirectory,
        string outputPath,
        ModelQuantization quantization,
        IProgress<ConversionProgress>? progress,
        Func<string, int?, GgufTokenizer> importTokenizer,
        bool forceLlamaQuantizer,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (!Enum.IsDefined(quantization))
        {
            throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization.");
        }

        var useQuantizer = quantization.NeedsQuantizer() && (forceLlamaQuantizer || quantization != ModelQuantization.Q8_0);
        return Task.Run(
            () => Convert(modelDirectory, Path.GetFullPath(outputPath), quantization, useQuantizer, progress, importTokenizer, cancellationToken),
            cancellationToken);
    }

    private static void Convert(
        string modelDirectory,
        string outputPath,
        ModelQuantization quantization,
        bool useQuantizer,
        IProgress<ConversionProgress>? progress,
        Func<string, int?, GgufTokenizer> importTokenizer,
        CancellationToken cancellationToken)
    {
        progress?.Report(new ConversionProgress(ConversionStep.Planning, 0, 0, 0, 0));
        var loaded = HfModelConfig.Load(modelDirectory);
        var architecture = ArchitectureRegistry.Resolve(loaded);
        var config = architecture.Complete(loaded);
        var tokenizer = importTokenizer(modelDirectory, config.GetIntOrNull("vocab_size"));
        using var checkpoint = SafetensorsCheckpoint.Open(modelDirectory);
        var context = new ConversionContext(config, checkpoint, tokenizer.Tokens.Count, modelDirectory);
        var plans = architecture.PlanTensors(context).ToList();
        CheckPlans(plans, tokenizer.Tokens.Count);
        CheckQuantizable(plans, quantization);

        // Q8_0 is quantized while streaming, with ggml's kernel on the values the quantizer would have read from the
        // float file; only the K-quants, whose per-tensor type mix is llama.cpp's, still go through that file.
        var fileType = quantization.NeedsQuantizer() ? IntermediateType(plans) : DirectType(quantization);
        var streamedQuant = quantization.NeedsQuantizer() && !useQuantizer ? GgmlType.Q8_0 : (GgmlType?)null;
        var metadata = BuildMetadata(architecture, context, tokenizer, streamedQuant is null ? FileTypeOf(fileType) : Q8FileType, modelDirectory);
        var directory = Path.GetDirectoryName(outputPath)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(outputPath)}.{Guid.NewGuid():N}.partial");
        try
        {
            WriteGguf(temp, metadata, plans, fileType, streamedQuant, progress, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (useQuantizer)
            {
                progress?.Report(new ConversionProgress(ConversionStep.Quantizing, plans.Count, plans.Count, 0, 0));
                // ModelQuantizer writes beside the destination and renames into place itself.
                ModelQuantizer.Quantize(temp, outputPath, quantization.Name());
            }
            else
            {
                File.Move(temp, outputPath, overwrite: true);
            }
        }
        finally
        {
            File.Delete(temp);
        }

        progress?.Report(new ConversionProgress(ConversionStep.Done, plans.Count, plans.Count, 0, 0));
    }

    private static void WriteGguf(
        string path,
        GgufMetadata metadata,
        List<TensorPlan> plans,
        GgmlType fileType,
        GgmlType? quantized,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var total = plans.Sum(p => p.Source.SourceBytes);
        long done = 0;
        using var writer = GgufWriter.Create(path, metadata);
        var types = new GgmlType[plans.Count];
        for (var i = 0; i < plans.Count; i++)
        {
            types[i] = quantized is { } q && QuantizedTensors.IsQuantized(plans[i]) ? q : OutputTypes.For(plans[i], fileType);
            writer.AddTensor(plans[i].Name, plans[i].Shape.Reverse().Select(d => (ulong)d).ToArray(), types[i]);
        }

        writer.WriteHeader();
        var streamer = new TensorStreamer(writer);
        for (var i = 0; i < plans.Count; i++)
        {
            var index = i + 1;
            var name = plans[i].Name;
            void OnBytes(long bytes)
            {
                done += bytes;
                progress?.Report(new ConversionProgress(ConversionStep.Converting, index, plans.Count, done, total, name));
            }

            if (types[i].IsQuantized())
            {
                streamer.WriteQuantized(plans[i], types[i], OutputTypes.For(plans[i], fileType), OnBytes, cancellationToken);
            }
            else
            {
                streamer.Write(plans[i], types[i], OnBytes, cancellationToken);
            }
        }

        writer.Finish();
    }

    private static GgufMetadata BuildMetadata(IModelArchitecture architecture, ConversionContext context, GgufTokenizer tokenizer,
        uint fileType, string modelDirectory)
    {
        var metadata = new GgufMetadata();
        metadata.Set("general.architecture", GgufValue.Of(architecture.GgufName));
        metadata.Set("general.name", GgufValue.Of(ModelNames.ForLlamaCpp(ModelNames.FromDirectory(modelDirectory), tokenizer.Tokens)));
        architecture.WriteHyperParameters(context, metadata);
        metadata.Set("general.file_type", GgufValue.Of(fileType));
        metadata.Set("general.quantization_version", GgufValue.Of(QuantizationVersion));
        tokenizer.WriteTo(metadata);
        return metadata;
    }

    /// <summary>llama.cpp's file type (llama_ftype) of a float file.</summary>
    private static uint FileTypeOf(GgmlType type) => type switch
    {
        GgmlType.F32 => 0u,
        GgmlType.F16 => 1u,
        GgmlType.BF16 => 32u,
        _ => throw new InvalidOperationException($"No file type for {type}."),
    };

    private static void CheckPlans(List<TensorPlan> plans, int tokenCount)
    {
        var duplicate = plans.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"Two checkpoint tensors map to llama.cpp tensor '{duplicate.Key}'.");
        }

        var embedding = plans.FirstOrDefault(p => p.Name == "token_embd.weight")
            ?? throw new InvalidDataException("The checkpoint has no token embedding.");
        if (embedding.Shape[0] != tokenCount)
        {
            throw new InvalidDataException(
                $"The tokenizer has {tokenCount} tokens but the token embedding has {embedding.Shape[0]} rows; llama.cpp could not load the result.");
        }
    }

    /// <summary>
    /// llama.cpp's quantizer falls back to another type for rows a K-quant cannot hold, but for Q8_0 it has no
    /// fallback and fails; say so before converting anything.
    /// </summary>
    private static void CheckQuantizable(List<TensorPlan> plans, ModelQuantization quantization)
    {
        if (quantization != ModelQuantization.Q8_0)
        {
            return;
        }

        var blockSize = GgmlType.Q8_0.BlockSize();
        var misfit = plans.FirstOrDefault(p => QuantizedTensors.IsQuantized(p) && p.Shape[^1] % blockSize != 0);
        if (misfit is not null)
        {
            throw new NotSupportedException(
                $"llama.cpp cannot quantize tensor '{misfit.Name}' (rows of {misfit.Shape[^1]} values) to Q8_0, which needs rows in "
                + $"multiples of {blockSize}. Convert this model to F16, BF16 or F32, or to Q6_K/Q5_K_M/Q4_K_M (those fall back per tensor).");
        }
    }

    private static GgmlType DirectType(ModelQuantization quantization) => quantization switch
    {
        ModelQuantization.F32 => GgmlType.F32,
        ModelQuantization.F16 => GgmlType.F16,
        ModelQuantization.BF16 => GgmlType.BF16,
        _ => throw new ArgumentOutOfRangeException(nameof(quantization)),
    };

    /// <summary>
    /// The float type of the file handed to the quantizer: the checkpoint's own weight type, so the quantizer sees
    /// exactly the trained values (BF16 to F16 could overflow or lose small values; F32 to F16 would round).
    /// </summary>
    private static GgmlType IntermediateType(List<TensorPlan> plans)
    {
        var weights = plans.Select(p => p.Source).OfType<RowSource>().Select(s => s.Tensor)
            .Concat(plans.Select(p => p.Source).OfType<TransposedSource>().Select(s => s.Tensor))
            .FirstOrDefault(t => t.Shape.Count >= 2);
        return weights?.DType switch
        {
            SafetensorsDType.BF16 => GgmlType.BF16,
            SafetensorsDType.F16 => GgmlType.F16,
            _ => GgmlType.F32,
        };
    }
}

using LLama;
using LLama.Native;
using Synapse.Models.Gguf;

namespace Synapse.Models.Quantization;

/// <summary>
/// Quantizes a GGUF model with llama.cpp's quantizer (e.g. F16 to "Q8_0" or "Q4_K_M"). The result is written beside
/// the destination and renamed into place, so a failed or cancelled run never leaves a half-written model.
/// </summary>
public static class ModelQuantizer
{
    private static readonly string[] Prefixes = ["MOSTLY_", "ALL_", "LLAMA_FTYPE_MOSTLY_", "LLAMA_FTYPE_ALL_"];

    /// <summary>The type names <see cref="Quantize"/> accepts ("Q8_0", "Q4_K_M", "F16", ...).</summary>
    public static IReadOnlyList<string> SupportedTypes { get; } = Enum.GetNames<LLamaFtype>()
        .Where(n => n != nameof(LLamaFtype.GUESSED))
        .Select(StripPrefix)
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Maps a type name such as "Q4_K_M" (case-insensitive) to llama.cpp's file type.</summary>
    public static LLamaFtype ParseType(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        var name = type.Trim();
        foreach (var candidate in SupportedTypes)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var prefix in Prefixes)
                {
                    if (Enum.TryParse<LLamaFtype>(prefix + candidate, ignoreCase: false, out var ftype))
                    {
                        return ftype;
                    }
                }
            }
        }

        throw new ArgumentException(
            $"Unknown quantization type '{type}'. Supported: {string.Join(", ", SupportedTypes)}.", nameof(type));
    }

    /// <summary>Quantizes <paramref name="source"/> into <paramref name="destination"/> (replacing it).</summary>
    /// <param name="threads">Worker threads; 0 uses every core.</param>
    public static void Quantize(string source, string destination, string type, int threads = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var ftype = ParseType(type);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"Model to quantize not found: {source}", source);
        }

        // Fail with a clear message on a non-GGUF source instead of llama.cpp's log line and a bare "false".
        _ = GgufReader.ReadFile(source);

        var full = Path.GetFullPath(destination);
        if (string.Equals(full, Path.GetFullPath(source), StringComparison.Ordinal))
        {
            throw new ArgumentException("The quantized model must go to another file than its source.", nameof(destination));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Guid.NewGuid():N}.partial";
        try
        {
            NativeApi.llama_empty_call();
            // quantizeOutputTensor: llama-quantize quantizes output.weight by default; LLamaSharp's wrapper defaults to not.
            var ok = LLamaQuantizer.Quantize(source, temp, ftype, threads == 0 ? Environment.ProcessorCount : threads,
                allowRequantize: true, quantizeOutputTensor: true);
            if (!ok || !File.Exists(temp))
            {
                throw new InvalidOperationException($"llama.cpp failed to quantize '{source}' to {type} (see its log for the reason).");
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Quantizes on a pool thread; llama.cpp cannot be interrupted, so cancellation only applies before it starts.</summary>
    public static Task QuantizeAsync(string source, string destination, string type, int threads = 0, CancellationToken cancellationToken = default) =>
        Task.Run(() => Quantize(source, destination, type, threads), cancellationToken);

    private static string StripPrefix(string name)
    {
        foreach (var prefix in Prefixes.OrderByDescending(p => p.Length))
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }
}

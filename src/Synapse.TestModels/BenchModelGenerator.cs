using Synapse.Models.Gguf;
using Synapse.Models.Quantization;

namespace Synapse.TestModels;

/// <summary>
/// Produces the random-weight benchmark models (e.g. <see cref="TestModelSpec.SmolLM2_135M"/> as Q8_0 or Q4_K_M) so
/// benchmarks run offline: the spec is written as F16, quantized, and the F16 intermediate removed.
/// </summary>
public static class BenchModelGenerator
{
    /// <summary>The file name a spec and quantization get, e.g. "SmolLM2-135M-shape-Q8_0.gguf".</summary>
    public static string FileName(TestModelSpec spec, string quantization)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"{spec.Name}-{quantization.ToUpperInvariant()}.gguf";
    }

    /// <summary>
    /// Returns the path of the quantized model in <paramref name="directory"/>, generating it when it is absent.
    /// <paramref name="quantization"/> may also be "F16" or "F32" (no quantization step).
    /// </summary>
    public static async Task<string> EnsureAsync(TestModelSpec spec, string quantization, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ModelQuantizer.ParseType(quantization);
        spec.Validate();

        var path = Path.Combine(Path.GetFullPath(directory), FileName(spec, quantization));
        if (!File.Exists(path))
        {
            await WriteAsync(spec, quantization, path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return path;
    }

    /// <summary>
    /// Writes <paramref name="spec"/> as <paramref name="quantization"/> to <paramref name="path"/> (replacing it):
    /// "F16" and "F32" directly, other types as an F16 file beside it that llama.cpp quantizes and that is then removed.
    /// </summary>
    /// <param name="beforeQuantizing">Called once the F16 intermediate is written, before llama.cpp quantizes it.</param>
    public static async Task WriteAsync(
        TestModelSpec spec, string quantization, string path, Action? beforeQuantizing = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelQuantizer.ParseType(quantization);

        if (quantization.Equals("F16", StringComparison.OrdinalIgnoreCase) || quantization.Equals("F32", StringComparison.OrdinalIgnoreCase))
        {
            var type = quantization.Equals("F16", StringComparison.OrdinalIgnoreCase) ? GgmlType.F16 : GgmlType.F32;
            await TestModelBuilder.WriteAsync(spec with { TensorType = type }, path, cancellationToken).ConfigureAwait(false);
            return;
        }

        var source = $"{Path.GetFullPath(path)}.{Guid.NewGuid():N}.f16.tmp";
        try
        {
            await TestModelBuilder.WriteAsync(spec with { TensorType = GgmlType.F16 }, source, cancellationToken).ConfigureAwait(false);
            beforeQuantizing?.Invoke();
            await ModelQuantizer.QuantizeAsync(source, path, quantization, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(source);
        }
    }
}

using Synapse.Models.Conversion;

namespace Synapse.Models.Hub;

/// <summary>
/// The types a resolved safetensors model may be converted to (SYNAPSE_QUANT, <c>synapse pull --quant</c>): every
/// quantization but F32. One place, so the node and the CLI accept and list the same ones.
/// </summary>
public static class ConversionTargets
{
    /// <summary>The accepted names, comma-separated, for error messages.</summary>
    public static string Names { get; } = string.Join(", ", ModelQuantizations.All.Where(IsTarget).Select(q => q.Name()));

    public static bool TryParse(string? value, out ModelQuantization quantization) =>
        ModelQuantizations.TryParse(value, out quantization) && IsTarget(quantization);

    private static bool IsTarget(ModelQuantization quantization) => quantization != ModelQuantization.F32;
}

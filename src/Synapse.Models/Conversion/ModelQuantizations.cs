namespace Synapse.Models.Conversion;

/// <summary>Parsing and naming of <see cref="ModelQuantization"/> values ("Q8_0", "q4_k_m", ...).</summary>
public static class ModelQuantizations
{
    /// <summary>Every supported value, in the order the enum declares them.</summary>
    public static IReadOnlyList<ModelQuantization> All { get; } = Enum.GetValues<ModelQuantization>();

    /// <summary>Parses a quantization name case-insensitively; the error lists the valid names.</summary>
    public static ModelQuantization Parse(string value)
    {
        if (TryParse(value, out var quantization))
        {
            return quantization;
        }

        throw new ArgumentException(
            $"Unknown quantization '{value}'. Valid: {string.Join(", ", All.Select(Name))}.", nameof(value));
    }

    public static bool TryParse(string? value, out ModelQuantization quantization)
    {
        quantization = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var trimmed = value.Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                quantization = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>The canonical name ("Q4_K_M"), also the llama.cpp quantizer's type name.</summary>
    public static string Name(this ModelQuantization quantization) => quantization.ToString();

    /// <summary>
    /// Whether this type is quantized rather than written as floats: Q8_0 by ggml's kernel while converting, the
    /// K-quants by llama.cpp's quantizer on a float file.
    /// </summary>
    public static bool NeedsQuantizer(this ModelQuantization quantization) =>
        quantization is not (ModelQuantization.F32 or ModelQuantization.F16 or ModelQuantization.BF16);
}

namespace Synapse.Models.Safetensors;

/// <summary>Names and element sizes of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this SafetensorsDType type) => type switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 or SafetensorsDType.U64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 or SafetensorsDType.U32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 or SafetensorsDType.U16 => 2,
        _ => 1,
    };

    /// <summary>Parses a header's dtype string exactly as the format spells it ("F32", "BF16", "BOOL", ...).</summary>
    public static bool TryParse(string? name, out SafetensorsDType type)
    {
        type = default;
        // Enum.TryParse would also accept numbers and other casings; the format has exactly one spelling per type.
        return name is not null
            && !char.IsDigit(name.FirstOrDefault())
            && Enum.TryParse(name, ignoreCase: false, out type)
            && Enum.IsDefined(type);
    }
}

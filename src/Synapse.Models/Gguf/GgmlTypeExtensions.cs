namespace Synapse.Models.Gguf;

/// <summary>Block layout of the ggml types: how many elements a block holds and how many bytes it takes.</summary>
public static class GgmlTypeExtensions
{
    /// <summary>Whether this reader knows the type's block layout (and so can size its data).</summary>
    public static bool IsKnown(this GgmlType type) => TryGetLayout(type, out _, out _);

    /// <summary>Elements per block (1 for plain types, 32 or 256 for the quantized ones).</summary>
    public static int BlockSize(this GgmlType type) => GetLayout(type).BlockSize;

    /// <summary>Bytes per block.</summary>
    public static int TypeSize(this GgmlType type) => GetLayout(type).TypeSize;

    /// <summary>Whether the type is a block-quantized one (as opposed to a plain float or integer type).</summary>
    public static bool IsQuantized(this GgmlType type) => type.BlockSize() > 1;

    /// <summary>
    /// Bytes taken by <paramref name="elementCount"/> elements; the count must be a whole number of blocks.
    /// </summary>
    public static ulong ByteCount(this GgmlType type, ulong elementCount)
    {
        var (blockSize, typeSize) = GetLayout(type);
        if (elementCount % (ulong)blockSize != 0)
        {
            throw new ArgumentException(
                $"{elementCount} elements are not a whole number of {type} blocks of {blockSize}.", nameof(elementCount));
        }

        return checked(elementCount / (ulong)blockSize * (ulong)typeSize);
    }

    private static (int BlockSize, int TypeSize) GetLayout(GgmlType type) =>
        TryGetLayout(type, out var blockSize, out var typeSize)
            ? (blockSize, typeSize)
            : throw new NotSupportedException($"ggml type {(uint)type} is not supported.");

    private static bool TryGetLayout(GgmlType type, out int blockSize, out int typeSize)
    {
        (blockSize, typeSize) = type switch
        {
            GgmlType.F32 => (1, 4),
            GgmlType.F16 => (1, 2),
            GgmlType.BF16 => (1, 2),
            GgmlType.F64 => (1, 8),
            GgmlType.I8 => (1, 1),
            GgmlType.I16 => (1, 2),
            GgmlType.I32 => (1, 4),
            GgmlType.I64 => (1, 8),
            GgmlType.Q4_0 => (32, 18),
            GgmlType.Q4_1 => (32, 20),
            GgmlType.Q5_0 => (32, 22),
            GgmlType.Q5_1 => (32, 24),
            GgmlType.Q8_0 => (32, 34),
            GgmlType.Q8_1 => (32, 36),
            GgmlType.IQ4_NL => (32, 18),
            GgmlType.MXFP4 => (32, 17),
            GgmlType.Q2_K => (256, 84),
            GgmlType.Q3_K => (256, 110),
            GgmlType.Q4_K => (256, 144),
            GgmlType.Q5_K => (256, 176),
            GgmlType.Q6_K => (256, 210),
            GgmlType.Q8_K => (256, 292),
            GgmlType.IQ2_XXS => (256, 66),
            GgmlType.IQ2_XS => (256, 74),
            GgmlType.IQ3_XXS => (256, 98),
            GgmlType.IQ1_S => (256, 50),
            GgmlType.IQ3_S => (256, 110),
            GgmlType.IQ2_S => (256, 82),
            GgmlType.IQ4_XS => (256, 136),
            GgmlType.IQ1_M => (256, 56),
            GgmlType.TQ1_0 => (256, 54),
            GgmlType.TQ2_0 => (256, 66),
            _ => (0, 0),
        };
        return blockSize != 0;
    }
}

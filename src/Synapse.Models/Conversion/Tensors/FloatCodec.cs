using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Tensors;

/// <summary>Converts tensor values between the checkpoint's float types, float32 and the GGUF output types.</summary>
internal static class FloatCodec
{
    /// <summary>Decodes <paramref name="destination"/>.Length values of <paramref name="type"/> from <paramref name="source"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> source, SafetensorsDType type, Span<float> destination)
    {
        switch (type)
        {
            case SafetensorsDType.F32:
                MemoryMarshal.Cast<byte, float>(source)[..destination.Length].CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source)[..destination.Length], destination);
                break;
            case SafetensorsDType.BF16:
                var bf16 = MemoryMarshal.Cast<byte, ushort>(source)[..destination.Length];
                var bits = MemoryMarshal.Cast<float, uint>(destination);
                for (var i = 0; i < bf16.Length; i++)
                {
                    bits[i] = (uint)bf16[i] << 16;
                }

                break;
            case SafetensorsDType.F64:
                var f64 = MemoryMarshal.Cast<byte, double>(source)[..destination.Length];
                for (var i = 0; i < f64.Length; i++)
                {
                    destination[i] = (float)f64[i];
                }

                break;
            default:
                throw new InvalidDataException($"Tensor values of type {type} cannot be converted to floating point weights.");
        }
    }

    /// <summary>Bytes per element of an output type.</summary>
    public static int ElementSize(GgmlType type) => type switch
    {
        GgmlType.F32 => 4,
        GgmlType.F16 or GgmlType.BF16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only F32, F16 and BF16 are written directly."),
    };

    /// <summary>Encodes floats as <paramref name="type"/>, rounding to nearest even as numpy and gguf-py do.</summary>
    public static void Encode(ReadOnlySpan<float> source, GgmlType type, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                break;
            case GgmlType.F16:
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(destination)[..source.Length]);
                break;
            case GgmlType.BF16:
                var input = MemoryMarshal.Cast<float, uint>(source);
                var output = MemoryMarshal.Cast<byte, ushort>(destination)[..source.Length];
                for (var i = 0; i < input.Length; i++)
                {
                    output[i] = ToBFloat16(input[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Only F32, F16 and BF16 are written directly.");
        }
    }

    /// <summary>The checkpoint type that stores values exactly as the output type <paramref name="type"/> does.</summary>
    public static SafetensorsDType StorageType(GgmlType type) => type switch
    {
        GgmlType.F32 => SafetensorsDType.F32,
        GgmlType.F16 => SafetensorsDType.F16,
        GgmlType.BF16 => SafetensorsDType.BF16,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only F32, F16 and BF16 are written directly."),
    };

    /// <summary>Whether values of <paramref name="source"/> are stored exactly as <paramref name="target"/> (a plain copy).</summary>
    public static bool SameLayout(SafetensorsDType source, GgmlType target) =>
        (source, target) is (SafetensorsDType.F32, GgmlType.F32) or (SafetensorsDType.F16, GgmlType.F16) or (SafetensorsDType.BF16, GgmlType.BF16);

    /// <summary>gguf-py's <c>__compute_fp32_to_bf16</c>: NaNs stay quiet NaNs, everything else rounds to nearest even.</summary>
    private static ushort ToBFloat16(uint bits)
    {
        if ((bits & 0x7fffffff) > 0x7f800000)
        {
            return (ushort)(((bits & 0xffff0000) | (64 << 16)) >> 16);
        }

        return (ushort)(((ulong)bits + (0x7fff + ((bits >> 16) & 1))) >> 16);
    }
}

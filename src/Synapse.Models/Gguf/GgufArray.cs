using System.Collections;

namespace Synapse.Models.Gguf;

/// <summary>
/// A GGUF array value: one element type and a typed .NET array of items (byte[], float[], string[], ...; an
/// array of arrays holds <see cref="GgufArray"/>[] whose members each carry their own element type, as in the file).
/// </summary>
public sealed class GgufArray : IEquatable<GgufArray>
{
    private GgufArray(GgufValueType elementType, Array items)
    {
        ElementType = elementType;
        Items = items;
    }

    public GgufValueType ElementType { get; }

    /// <summary>The items as the typed array that matches <see cref="ElementType"/>.</summary>
    public Array Items { get; }

    public int Count => Items.Length;

    public static GgufArray Of(byte[] items) => new(GgufValueType.UInt8, Check(items));
    public static GgufArray Of(sbyte[] items) => new(GgufValueType.Int8, Check(items));
    public static GgufArray Of(ushort[] items) => new(GgufValueType.UInt16, Check(items));
    public static GgufArray Of(short[] items) => new(GgufValueType.Int16, Check(items));
    public static GgufArray Of(uint[] items) => new(GgufValueType.UInt32, Check(items));
    public static GgufArray Of(int[] items) => new(GgufValueType.Int32, Check(items));
    public static GgufArray Of(float[] items) => new(GgufValueType.Float32, Check(items));
    public static GgufArray Of(bool[] items) => new(GgufValueType.Bool, Check(items));
    public static GgufArray Of(ulong[] items) => new(GgufValueType.UInt64, Check(items));
    public static GgufArray Of(long[] items) => new(GgufValueType.Int64, Check(items));
    public static GgufArray Of(double[] items) => new(GgufValueType.Float64, Check(items));

    public static GgufArray Of(string[] items)
    {
        Check(items);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return new(GgufValueType.String, items);
    }

    public static GgufArray Of(GgufArray[] items)
    {
        Check(items);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return new(GgufValueType.Array, items);
    }

    /// <summary>The items as <typeparamref name="T"/>[]; throws when the element type differs.</summary>
    public T[] As<T>() => Items as T[]
        ?? throw new InvalidDataException($"GGUF array holds {ElementType} items, not {typeof(T).Name}.");

    public string[] AsStrings() => As<string>();

    public float[] AsFloats() => As<float>();

    public int[] AsInt32s() => As<int>();

    public GgufArray[] AsArrays() => As<GgufArray>();

    public bool Equals(GgufArray? other)
    {
        if (other is null || other.ElementType != ElementType || other.Count != Count)
        {
            return false;
        }

        return ElementType switch
        {
            // Compare floats by their bits so that NaN payloads round-trip as equal.
            GgufValueType.Float32 => AsFloats().AsSpan().SequenceEqual(other.AsFloats(), BitwiseFloatComparer.Instance),
            GgufValueType.Float64 => As<double>().AsSpan().SequenceEqual(other.As<double>(), BitwiseFloatComparer.Instance),
            _ => StructuralComparisons.StructuralEqualityComparer.Equals(Items, other.Items),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as GgufArray);

    public override int GetHashCode() => HashCode.Combine(ElementType, Count);

    public override string ToString() => $"{ElementType}[{Count}]";

    private static T[] Check<T>(T[] items) => items ?? throw new ArgumentNullException(nameof(items));

    private sealed class BitwiseFloatComparer : IEqualityComparer<float>, IEqualityComparer<double>
    {
        public static readonly BitwiseFloatComparer Instance = new();

        public bool Equals(float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y);

        public int GetHashCode(float obj) => BitConverter.SingleToInt32Bits(obj);

        public bool Equals(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

        public int GetHashCode(double obj) => BitConverter.DoubleToInt64Bits(obj).GetHashCode();
    }
}

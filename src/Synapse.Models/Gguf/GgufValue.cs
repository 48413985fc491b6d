using System.Globalization;

namespace Synapse.Models.Gguf;

/// <summary>One GGUF metadata value: its type tag and the boxed .NET value (string, number, bool or <see cref="GgufArray"/>).</summary>
public sealed class GgufValue : IEquatable<GgufValue>
{
    private GgufValue(GgufValueType type, object value)
    {
        Type = type;
        Value = value;
    }

    public GgufValueType Type { get; }

    public object Value { get; }

    public static GgufValue Of(byte value) => new(GgufValueType.UInt8, value);
    public static GgufValue Of(sbyte value) => new(GgufValueType.Int8, value);
    public static GgufValue Of(ushort value) => new(GgufValueType.UInt16, value);
    public static GgufValue Of(short value) => new(GgufValueType.Int16, value);
    public static GgufValue Of(uint value) => new(GgufValueType.UInt32, value);
    public static GgufValue Of(int value) => new(GgufValueType.Int32, value);
    public static GgufValue Of(float value) => new(GgufValueType.Float32, value);
    public static GgufValue Of(bool value) => new(GgufValueType.Bool, value);
    public static GgufValue Of(ulong value) => new(GgufValueType.UInt64, value);
    public static GgufValue Of(long value) => new(GgufValueType.Int64, value);
    public static GgufValue Of(double value) => new(GgufValueType.Float64, value);
    public static GgufValue Of(string value) => new(GgufValueType.String, value ?? throw new ArgumentNullException(nameof(value)));
    public static GgufValue Of(GgufArray value) => new(GgufValueType.Array, value ?? throw new ArgumentNullException(nameof(value)));
    public static GgufValue Of(string[] items) => Of(GgufArray.Of(items));
    public static GgufValue Of(float[] items) => Of(GgufArray.Of(items));
    public static GgufValue Of(int[] items) => Of(GgufArray.Of(items));

    public string AsString() => Value as string ?? throw WrongType(GgufValueType.String);

    public GgufArray AsArray() => Value as GgufArray ?? throw WrongType(GgufValueType.Array);

    public bool AsBool() => Value is bool b ? b : throw WrongType(GgufValueType.Bool);

    /// <summary>The value of any integer type as a signed 64-bit number (a uint64 above long.MaxValue throws).</summary>
    public long AsInt64() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        ulong v => throw new InvalidDataException($"GGUF value {v} does not fit a signed 64-bit integer."),
        _ => throw new InvalidDataException($"GGUF value of type {Type} is not an integer."),
    };

    /// <summary>The value of any integer type as a 32-bit number; throws when it does not fit.</summary>
    public int AsInt32()
    {
        var value = AsInt64();
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new InvalidDataException($"GGUF value {value} does not fit a 32-bit integer.");
    }

    /// <summary>The value of any non-negative integer type as an unsigned 64-bit number.</summary>
    public ulong AsUInt64() => Value switch
    {
        ulong v => v,
        _ => AsInt64() is var v and >= 0 ? (ulong)v : throw new InvalidDataException($"GGUF value {Value} is negative."),
    };

    /// <summary>The value of a float32 or float64 (or integer) entry as a double.</summary>
    public double AsDouble() => Value switch
    {
        float f => f,
        double d => d,
        _ => AsInt64(),
    };

    public bool Equals(GgufValue? other) =>
        other is not null && other.Type == Type && Type switch
        {
            GgufValueType.Float32 => BitConverter.SingleToInt32Bits((float)Value) == BitConverter.SingleToInt32Bits((float)other.Value),
            GgufValueType.Float64 => BitConverter.DoubleToInt64Bits((double)Value) == BitConverter.DoubleToInt64Bits((double)other.Value),
            _ => Value.Equals(other.Value),
        };

    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    public override int GetHashCode() => HashCode.Combine(Type, Value);

    public override string ToString() => Value switch
    {
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? string.Empty,
    };

    private InvalidDataException WrongType(GgufValueType expected) => new($"GGUF value is {Type}, not {expected}.");
}

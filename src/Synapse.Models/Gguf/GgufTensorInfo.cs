namespace Synapse.Models.Gguf;

/// <summary>
/// A tensor's entry in a GGUF file: name, dimensions innermost-first (ggml's ne[0], ne[1], ...), element type and
/// the offset of its data relative to the start of the data section.
/// </summary>
public sealed record GgufTensorInfo
{
    public GgufTensorInfo(string name, IReadOnlyList<ulong> dimensions, GgmlType type, ulong offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        Name = name;
        Dimensions = dimensions.ToArray();
        Type = type;
        Offset = offset;

        ulong count = 1;
        foreach (var d in Dimensions)
        {
            count = checked(count * d);
        }

        ElementCount = count;
        ByteCount = type.ByteCount(count);
    }

    public string Name { get; }

    /// <summary>Dimensions innermost-first: a [rows x cols] matrix is listed as [cols, rows].</summary>
    public IReadOnlyList<ulong> Dimensions { get; }

    public GgmlType Type { get; }

    /// <summary>Offset of the data relative to the start of the data section.</summary>
    public ulong Offset { get; }

    public ulong ElementCount { get; }

    public ulong ByteCount { get; }

    public override string ToString() => $"{Name} {Type} [{string.Join(", ", Dimensions)}] @{Offset}";
}

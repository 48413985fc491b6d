namespace Synapse.Models.Safetensors;

/// <summary>
/// One tensor of a safetensors file: its name, element type, shape (outermost first, as PyTorch lists it) and where
/// its bytes lie in the file (<see cref="FileOffset"/> is absolute, already past the header).
/// </summary>
public sealed record SafetensorsTensor(
    string Name,
    SafetensorsDType DType,
    IReadOnlyList<long> Shape,
    long FileOffset,
    long ByteLength,
    SafetensorsFile File)
{
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>Elements per row: the innermost dimension (1 for a scalar).</summary>
    public long RowLength => Shape.Count == 0 ? 1 : Shape[^1];

    /// <summary>Rows: the product of every dimension but the innermost.</summary>
    public long RowCount => Shape.Count == 0 ? 1 : ElementCount / Math.Max(1, Shape[^1]);

    public override string ToString() => $"{Name} {DType} [{string.Join(", ", Shape)}]";
}

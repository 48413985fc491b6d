namespace Synapse.Models.Safetensors;

/// <summary>A tensor to write with <see cref="SafetensorsWriter"/>: name, element type and shape (outermost first).</summary>
public sealed record SafetensorsTensorSpec(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape)
{
    public long ByteLength => Shape.Aggregate(1L, (a, d) => checked(a * d)) * DType.ElementSize();
}

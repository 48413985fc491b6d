namespace Synapse.Models.Conversion;

/// <summary>
/// Where a conversion stands: the step under way, the tensor being written (1-based, of <paramref name="TensorCount"/>)
/// and the source bytes converted so far out of the total. Quantizing is reported as one step without byte counts.
/// </summary>
public sealed record ConversionProgress(
    ConversionStep Step,
    int TensorIndex,
    int TensorCount,
    long BytesDone,
    long BytesTotal,
    string? TensorName = null);

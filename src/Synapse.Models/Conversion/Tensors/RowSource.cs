using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Tensors;

/// <summary>
/// Rows <c>[FirstRow, FirstRow + RowCount)</c> of a checkpoint tensor (a 1-D tensor counts as rows of one element),
/// optionally reordered within groups of rows by <see cref="Permutation"/>, each value mapped to
/// <c>value * Scale + Offset</c>. Every per-architecture transformation llama.cpp's converter makes on these
/// models, apart from GPT-2's transposes, is of this form.
/// </summary>
internal sealed record RowSource(
    SafetensorsTensor Tensor,
    long FirstRow,
    long RowCount,
    HeadPermutation? Permutation = null,
    float Scale = 1f,
    float Offset = 0f) : TensorSource
{
    public static RowSource Whole(SafetensorsTensor tensor) => new(tensor, 0, RowsOf(tensor));

    /// <summary>Elements per row: the innermost dimension of a matrix, 1 for a vector.</summary>
    public long RowLength => Tensor.Shape.Count >= 2 ? Tensor.Shape[^1] : 1;

    public bool IsIdentity => Permutation is null && Scale == 1f && Offset == 0f;

    public override long SourceBytes => RowCount * RowLength * Tensor.DType.ElementSize();

    public static long RowsOf(SafetensorsTensor tensor) => tensor.Shape.Count >= 2 ? tensor.RowCount : tensor.ElementCount;
}

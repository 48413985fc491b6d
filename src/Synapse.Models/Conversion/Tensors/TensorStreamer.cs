using Synapse.Models.Gguf;
using Synapse.Models.Quantization;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Tensors;

/// <summary>
/// Writes planned tensors into a <see cref="GgufWriter"/> chunk by chunk: each chunk maps only the source rows it
/// needs, converts them into reused buffers and unmaps them again, so memory stays at a few chunk sizes whatever
/// the model's size.
/// </summary>
internal sealed class TensorStreamer
{
    /// <summary>Source bytes mapped and converted at a time.</summary>
    public const int ChunkBytes = 16 << 20;

    private readonly GgufWriter _writer;
    private float[] _values = [];
    private byte[] _encoded = [];
    private float[] _rounded = [];
    private byte[] _quantized = [];

    public TensorStreamer(GgufWriter writer) => _writer = writer;

    /// <summary>Writes one tensor; <paramref name="onBytes"/> gets the source bytes done after each chunk.</summary>
    public void Write(TensorPlan plan, GgmlType type, Action<long> onBytes, CancellationToken cancellationToken) =>
        Write(plan, new OutputEncoding(type, type, plan.Shape[^1]), onBytes, cancellationToken);

    /// <summary>
    /// Writes one tensor quantized to <paramref name="type"/> by ggml, its values first rounded to
    /// <paramref name="roundThrough"/>: the float file llama.cpp's quantizer would have read them from.
    /// </summary>
    public void WriteQuantized(TensorPlan plan, GgmlType type, GgmlType roundThrough, Action<long> onBytes, CancellationToken cancellationToken) =>
        Write(plan, new OutputEncoding(type, roundThrough, plan.Shape[^1]), onBytes, cancellationToken);

    private void Write(TensorPlan plan, OutputEncoding type, Action<long> onBytes, CancellationToken cancellationToken)
    {
        switch (plan.Source)
        {
            case RowSource rows:
                WriteRows(rows, type, onBytes, cancellationToken);
                break;
            case TransposedSource transposed:
                WriteTransposed(transposed.Tensor, type, cancellationToken);
                onBytes(transposed.Tensor.ByteLength);
                break;
            case ConstantSource constant:
                WriteValues(constant.Values, type);
                break;
            default:
                throw new InvalidOperationException($"Unknown tensor source {plan.Source.GetType().Name}.");
        }
    }

    private void WriteRows(RowSource source, OutputEncoding type, Action<long> onBytes, CancellationToken cancellationToken)
    {
        var tensor = source.Tensor;
        var elementSize = tensor.DType.ElementSize();
        var rowLength = source.RowLength;
        var rowBytes = rowLength * elementSize;
        var groupRows = source.Permutation?.GroupRows(RowSource.RowsOf(tensor)) ?? 1;
        if (source.Permutation is not null && source.FirstRow % groupRows != 0)
        {
            throw new InvalidOperationException("A permuted row range must start on a head boundary.");
        }

        var rowsPerChunk = Math.Max(groupRows, ChunkBytes / Math.Max(1, rowBytes) / groupRows * groupRows);
        if (rowsPerChunk * rowBytes > int.MaxValue / 2)
        {
            throw new InvalidDataException($"Tensor '{tensor.Name}' has rows too large to convert ({rowBytes} bytes).");
        }

        var copy = source.IsIdentity && !type.IsQuantized && FloatCodec.SameLayout(tensor.DType, type.Type);
        for (long done = 0; done < source.RowCount; done += rowsPerChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(rowsPerChunk, source.RowCount - done);
            var byteCount = (int)(rows * rowBytes);
            using var view = tensor.File.Map(tensor, (source.FirstRow + done) * rowBytes, byteCount);
            if (copy)
            {
                _writer.WriteTensorData(view.Span);
            }
            else
            {
                var count = (int)(rows * rowLength);
                var values = Values(count);
                if (source.Permutation is null)
                {
                    FloatCodec.Decode(view.Span, tensor.DType, values);
                }
                else
                {
                    for (long row = 0; row < rows; row++)
                    {
                        var group = row / groupRows * groupRows;
                        var from = group + HeadPermutation.SourceRow(row - group, groupRows);
                        FloatCodec.Decode(
                            view.Span.Slice((int)(from * rowBytes), (int)rowBytes),
                            tensor.DType,
                            values.Slice((int)(row * rowLength), (int)rowLength));
                    }
                }

                Transform(values, source.Scale, source.Offset);
                WriteValues(values, type);
            }

            onBytes(byteCount);
        }
    }

    private void WriteTransposed(SafetensorsTensor tensor, OutputEncoding type, CancellationToken cancellationToken)
    {
        if (tensor.Shape.Count != 2)
        {
            throw new InvalidDataException($"Tensor '{tensor.Name}' should be 2-D to transpose, it is [{string.Join(", ", tensor.Shape)}].");
        }

        if (tensor.ByteLength > int.MaxValue / 4)
        {
            throw new InvalidDataException($"Tensor '{tensor.Name}' is too large to transpose in memory.");
        }

        var (inRows, inCols) = ((int)tensor.Shape[0], (int)tensor.Shape[1]);
        var all = new float[checked(inRows * inCols)];
        using (var view = tensor.File.Map(tensor, 0, (int)tensor.ByteLength))
        {
            FloatCodec.Decode(view.Span, tensor.DType, all);
        }

        // Output row c is source column c; emit a few output rows at a time through the reused buffer.
        var rowsPerChunk = Math.Max(1, ChunkBytes / 4 / Math.Max(1, inRows));
        for (var first = 0; first < inCols; first += rowsPerChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(rowsPerChunk, inCols - first);
            var values = Values(rows * inRows);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < inRows; c++)
                {
                    values[r * inRows + c] = all[c * inCols + first + r];
                }
            }

            WriteValues(values, type);
        }
    }

    /// <summary>Writes whole output rows of values in the output encoding.</summary>
    private void WriteValues(ReadOnlySpan<float> values, OutputEncoding type)
    {
        var size = values.Length * FloatCodec.ElementSize(type.RoundThrough);
        if (_encoded.Length < size)
        {
            _encoded = new byte[size];
        }

        FloatCodec.Encode(values, type.RoundThrough, _encoded);
        if (!type.IsQuantized)
        {
            _writer.WriteTensorData(_encoded.AsSpan(0, size));
            return;
        }

        if (values.Length % type.RowLength != 0)
        {
            throw new InvalidOperationException($"A chunk of {values.Length} values does not hold whole rows of {type.RowLength}.");
        }

        // Decoding the float file's values back is exact, as ggml's own F16/BF16 to F32 conversion is.
        if (_rounded.Length < values.Length)
        {
            _rounded = new float[values.Length];
        }

        var rounded = _rounded.AsSpan(0, values.Length);
        FloatCodec.Decode(_encoded.AsSpan(0, size), FloatCodec.StorageType(type.RoundThrough), rounded);
        var rows = values.Length / type.RowLength;
        var quantizedSize = checked((int)(rows * (type.RowLength / type.Type.BlockSize()) * type.Type.TypeSize()));
        if (_quantized.Length < quantizedSize)
        {
            _quantized = new byte[quantizedSize];
        }

        var written = GgmlQuantization.QuantizeRows(type.Type, rounded, _quantized, rows, type.RowLength);
        _writer.WriteTensorData(_quantized.AsSpan(0, written));
    }

    /// <summary>The tensor's type in the file, the float type its values round through, and its row length.</summary>
    private readonly record struct OutputEncoding(GgmlType Type, GgmlType RoundThrough, long RowLength)
    {
        public bool IsQuantized => Type != RoundThrough;
    }

    private Span<float> Values(int count)
    {
        if (_values.Length < count)
        {
            _values = new float[count];
        }

        return _values.AsSpan(0, count);
    }

    private static void Transform(Span<float> values, float scale, float offset)
    {
        if (scale != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(values, scale, values);
        }

        if (offset != 0f)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(values, offset, values);
        }
    }
}

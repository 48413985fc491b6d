namespace Synapse.Models.Conversion.Tensors;

/// <summary>
/// Undoes Hugging Face's rotate-half ordering of q/k projection rows so that llama.cpp's interleaved RoPE applies:
/// the rows of each head, viewed as [2, headRows / 2], are transposed to [headRows / 2, 2]. Identical to
/// <c>LlamaModel.permute</c> of convert_hf_to_gguf.py (k uses the KV head count).
/// </summary>
internal sealed record HeadPermutation(int HeadCount)
{
    /// <summary>Rows per head for a tensor of <paramref name="rows"/> rows.</summary>
    public long GroupRows(long rows)
    {
        if (HeadCount <= 0 || rows % HeadCount != 0 || rows / HeadCount % 2 != 0)
        {
            throw new InvalidDataException($"Cannot split {rows} rows into {HeadCount} heads of an even size for the RoPE permutation.");
        }

        return rows / HeadCount;
    }

    /// <summary>The source row (within its head) of output row <paramref name="row"/> (within its head).</summary>
    public static long SourceRow(long row, long groupRows)
    {
        var half = groupRows / 2;
        return row % 2 * half + row / 2;
    }
}

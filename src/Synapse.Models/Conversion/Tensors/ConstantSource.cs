namespace Synapse.Models.Conversion.Tensors;

/// <summary>Values computed by the converter itself (Llama 3's rope_freqs, Phi-3's long/short rope factors).</summary>
internal sealed record ConstantSource(float[] Values) : TensorSource
{
    public override long SourceBytes => 0;
}

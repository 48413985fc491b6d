using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Tensors;

/// <summary>A 2-D checkpoint tensor transposed (GPT-2 stores its Conv1D weights as [in, out]).</summary>
internal sealed record TransposedSource(SafetensorsTensor Tensor) : TensorSource
{
    public override long SourceBytes => Tensor.ByteLength;
}

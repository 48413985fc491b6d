using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion;

/// <summary>
/// The per-tensor type rule of convert_hf_to_gguf.py's prepare_tensors: 1-D tensors, norms, position and token-type embeddings
/// stay F32 (llama.cpp's kernels expect them so); the other weights take the file's type.
/// </summary>
internal static class OutputTypes
{
    public static GgmlType For(TensorPlan plan, GgmlType fileType)
    {
        if (plan.Shape.Count <= 1 || plan.Name.EndsWith("_norm.weight", StringComparison.Ordinal) || plan.Name is "position_embd.weight" or "token_types.weight")
        {
            return GgmlType.F32;
        }

        return fileType;
    }
}

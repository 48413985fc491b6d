using Synapse.Models.Conversion.Tensors;

namespace Synapse.Models.Conversion;

/// <summary>
/// Which tensors llama.cpp's quantizer (llama-quant.cpp, <c>llama_model_quantize_impl</c>) quantizes: weights of two
/// or more real dimensions, except norms, expert gates, position embeddings and a few small tensors of other
/// architectures. <c>output.weight</c> is quantized too, as llama-quantize does (<see cref="Quantization.ModelQuantizer"/>
/// asks LLamaSharp for it: its <c>quantizeOutputTensor</c> defaults to false). Every other tensor keeps the type it had
/// in the file handed to the quantizer.
/// </summary>
internal static class QuantizedTensors
{
    private static readonly string[] NeverContains =
    [
        "_norm.weight", "ffn_gate_inp.weight", "altup", "laurel", "per_layer_model_proj", "ssm_conv1d.weight",
        "shortconv.conv.weight", "attn_rel_b.weight", ".position_embd.", "time_mix_first.weight", "time_mix_w0.weight",
        "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_v0.weight", "time_mix_v1.weight", "time_mix_v2.weight",
        "time_mix_a0.weight", "time_mix_a1.weight", "time_mix_a2.weight", "time_mix_g1.weight", "time_mix_g2.weight",
        "time_mix_decay_w1.weight", "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight",
    ];

    public static bool IsQuantized(TensorPlan plan)
    {
        var name = plan.Name;
        return name.EndsWith("weight", StringComparison.Ordinal)
            && GgmlDimensions(plan.Shape) >= 2
            && name is not ("position_embd.weight" or "token_types.weight")
            && !NeverContains.Any(part => name.Contains(part, StringComparison.Ordinal));
    }

    /// <summary>ggml_n_dims: trailing ggml dimensions (leading PyTorch ones) of size 1 do not count.</summary>
    private static int GgmlDimensions(IReadOnlyList<long> shape)
    {
        for (var i = 0; i < shape.Count; i++)
        {
            if (shape[i] > 1)
            {
                return shape.Count - i;
            }
        }

        return 1;
    }
}

using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Gemma 2 (llama.cpp arch "gemma2"): Gemma's norm offset plus post-attention and pre/post-feedforward norms,
/// tanh softcaps on attention and final logits, and the sliding window of the even layers. llama.cpp scales queries
/// by 1/sqrt(head_dim) (1/sqrt(hidden/heads) for the 27B) and has no key for query_pre_attn_scalar, so when the
/// config's scalar differs the difference is folded into the query projection.
/// </summary>
internal sealed class Gemma2Architecture : GemmaArchitecture
{
    public override string GgufName => "gemma2";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["Gemma2ForCausalLM"];

    /// <summary>llama.cpp's layer count for the 27B model, whose query scale it takes from hidden/heads.</summary>
    private const int LargeModelBlockCount = 46;

    protected override IReadOnlyDictionary<string, string> BlockModules { get; } = Modules.With(
        ("post_attention_layernorm", "post_attention_norm"),
        ("pre_feedforward_layernorm", "ffn_norm"),
        ("post_feedforward_layernorm", "post_ffw_norm"));

    public override void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperParameters(context, metadata);
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        keys.Float32("attn_logit_softcapping", config.GetDouble("attn_logit_softcapping"));
        keys.Float32("final_logit_softcapping", config.GetDouble("final_logit_softcapping"));
        keys.UInt32("attention.sliding_window", config.GetInt("sliding_window"));
    }

    protected override TensorSource Transform(ConversionContext context, string name, string ggufName, SafetensorsTensor tensor)
    {
        var source = base.Transform(context, name, ggufName, tensor);
        return name.EndsWith("self_attn.q_proj.weight", StringComparison.Ordinal) && GemmaQueryScale.For(context.Config, LargeModelBlockCount) is var scale && scale != 1f
            ? ((RowSource)source) with { Scale = scale }
            : source;
    }
}

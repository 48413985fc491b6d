using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Gemma (llama.cpp arch "gemma"): RMSNorm weights stored as w and applied as (1 + w), so 1 is added when
/// converting; embeddings are always tied (a stray lm_head is dropped, as llama.cpp does); llama.cpp scales the
/// embeddings by sqrt(hidden) itself.
/// </summary>
internal class GemmaArchitecture : DecoderArchitecture
{
    public override string GgufName => "gemma";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["GemmaForCausalLM"];

    public override void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        // GemmaModel.set_gguf_parameters writes its own set (not TextModel's); rope_theta is added because the
        // config states it and llama.cpp would otherwise assume 10000.
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        keys.UInt32("context_length", config.GetInt("max_position_embeddings"));
        keys.UInt32("embedding_length", config.GetInt("hidden_size"));
        keys.UInt32("block_count", BlockCount(config));
        keys.UInt32("feed_forward_length", config.GetInt("intermediate_size"));
        keys.UInt32("attention.head_count", config.GetInt("num_attention_heads"));
        keys.UInt32("attention.head_count_kv", config.GetIntOrNull("num_key_value_heads") ?? config.GetInt("num_attention_heads"));
        keys.Float32("attention.layer_norm_rms_epsilon", config.GetDouble("rms_norm_eps"));
        keys.UInt32("attention.key_length", config.GetInt("head_dim"));
        keys.UInt32("attention.value_length", config.GetInt("head_dim"));
        keys.Float32IfPresent("rope.freq_base", config.Rope.Theta);
    }

    protected override IEnumerable<TensorPlan> MapTensor(ConversionContext context, SafetensorsTensor tensor) =>
        tensor.Name == "lm_head.weight" ? [] : base.MapTensor(context, tensor);

    protected override TensorSource Transform(ConversionContext context, string name, string ggufName, SafetensorsTensor tensor) =>
        name.EndsWith("norm.weight", StringComparison.Ordinal)
            ? RowSource.Whole(tensor) with { Offset = 1f }
            : base.Transform(context, name, ggufName, tensor);
}

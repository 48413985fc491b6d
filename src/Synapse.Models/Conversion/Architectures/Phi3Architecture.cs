using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Phi-3 (llama.cpp arch "phi3"): the fused qkv_proj (q, k, v) and gate_up_proj (gate, up) stay fused, as llama.cpp
/// splits them at run time; partial_rotary_factor sets the RoPE dimensions; long-context models carry their
/// LongRoPE factors as tensors.
/// </summary>
internal sealed class Phi3Architecture : DecoderArchitecture
{
    public override string GgufName => "phi3";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["Phi3ForCausalLM"];

    protected override IReadOnlyDictionary<string, string> BlockModules { get; } = Modules.With(
        ("self_attn.qkv_proj", "attn_qkv"),
        ("mlp.gate_up_proj", "ffn_up"));

    public override void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        keys.UInt32("context_length", config.GetInt("n_positions", "max_position_embeddings"));
        keys.UInt32("rope.scaling.original_context_length", OriginalContext(config));
        keys.UInt32("embedding_length", config.GetInt("hidden_size", "n_embd"));
        keys.UInt32("feed_forward_length", config.GetInt("intermediate_size"));
        keys.UInt32("block_count", BlockCount(config));
        keys.UInt32("attention.head_count", config.GetInt("num_attention_heads", "n_head"));
        keys.UInt32("attention.head_count_kv", config.GetInt("num_key_value_heads", "n_head_kv"));
        keys.Float32("attention.layer_norm_rms_epsilon", config.GetDouble("rms_norm_eps"));
        keys.UInt32("rope.dimension_count", RopeDimensions(config));
        keys.Float32("rope.freq_base", config.Rope.Theta ?? throw new InvalidDataException("config.json lacks rope_theta."));
        // Zero tells llama.cpp a Phi-4 without sliding window from a Phi-3 with one, as the converter does.
        keys.UInt32("attention.sliding_window", config.GetIntOrNull("sliding_window") ?? 0);
        if (AttentionFactor(config) is { } attentionFactor)
        {
            keys.Float32("rope.scaling.attn_factor", attentionFactor);
        }
    }

    protected override IEnumerable<TensorPlan> ExtraTensors(ConversionContext context)
    {
        var rope = context.Config.Rope;
        if (rope.LongFactor is not { Length: > 0 } longFactor)
        {
            yield break;
        }

        var shortFactor = rope.ShortFactor ?? throw new InvalidDataException("rope_scaling has long_factor but no short_factor.");
        var half = RopeDimensions(context.Config) / 2;
        if (longFactor.Length != half || shortFactor.Length != half)
        {
            throw new InvalidDataException(
                $"rope_scaling long/short factors must have {half} entries each, they have {longFactor.Length} and {shortFactor.Length}.");
        }

        yield return new TensorPlan("rope_factors_long.weight", [half], new ConstantSource(longFactor));
        yield return new TensorPlan("rope_factors_short.weight", [half], new ConstantSource(shortFactor));
    }

    private static int RopeDimensions(HfModelConfig config) =>
        (int)((config.Rope.PartialRotaryFactor ?? 1.0) * config.GetInt("hidden_size", "n_embd")) / config.GetInt("num_attention_heads", "n_head");

    private static int OriginalContext(HfModelConfig config) =>
        (int?)config.Rope.OriginalContextLength ?? config.GetIntOrNull("original_max_position_embeddings")
        ?? config.GetInt("n_positions", "max_position_embeddings");

    private static double? AttentionFactor(HfModelConfig config)
    {
        var rope = config.Rope;
        if (rope.LongFactor is not { Length: > 0 })
        {
            return null;
        }

        double original = OriginalContext(config);
        var scale = config.GetInt("n_positions", "max_position_embeddings") / original;
        return rope.Type switch
        {
            "su" or "longrope" => scale > 1.0 ? Math.Sqrt(1 + Math.Log(scale) / Math.Log(original)) : 1.0,
            "yarn" => scale > 1.0 ? 0.1 * Math.Log(scale) + 1.0 : 1.0,
            null or "" => throw new InvalidDataException("rope_scaling has LongRoPE factors but no type."),
            var other => throw new InvalidDataException($"Phi-3 rope scaling type '{other}' is not supported."),
        };
    }
}

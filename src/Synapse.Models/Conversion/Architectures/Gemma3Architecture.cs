using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Gemma 3 text models (llama.cpp arch "gemma3"): Gemma 2's layout with per-head q/k norms and no attention
/// softcap; embedding rows beyond the vocabulary are dropped. Gemma3ForConditionalGeneration checkpoints convert
/// their language model only (the <c>language_model</c> prefix is stripped, the vision tower skipped). Since the
/// q norm undoes any scaling of q_proj, a query_pre_attn_scalar correction is folded into the q norm weight.
/// </summary>
internal sealed class Gemma3Architecture : DecoderArchitecture
{
    /// <summary>llama.cpp's layer count for Gemma 3 27B, whose query scale it takes from hidden/heads.</summary>
    private const int LargeModelBlockCount = 62;

    private static readonly string[] LanguageModelPrefixes = ["model.language_model.", "language_model.model.", "language_model."];
    private static readonly string[] SkippedPrefixes =
        ["vision_tower.", "multi_modal_projector.", "model.vision_tower.", "model.multi_modal_projector.", "vision_model."];

    /// <summary>transformers' Gemma3TextConfig defaults (Gemma 3 4B and up leave several out of text_config).</summary>
    private static readonly Dictionary<string, double> TextDefaults = new(StringComparer.Ordinal)
    {
        ["hidden_size"] = 2304,
        ["intermediate_size"] = 9216,
        ["num_hidden_layers"] = 26,
        ["num_attention_heads"] = 8,
        ["num_key_value_heads"] = 4,
        ["head_dim"] = 256,
        ["max_position_embeddings"] = 131072,
        ["rms_norm_eps"] = 1e-6,
        ["rope_theta"] = 1_000_000,
        ["query_pre_attn_scalar"] = 256,
        ["sliding_window"] = 4096,
    };

    public override string GgufName => "gemma3";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["Gemma3ForCausalLM", "Gemma3ForConditionalGeneration"];

    protected override IReadOnlyDictionary<string, string> BlockModules { get; } = Modules.With(
        ("post_attention_layernorm", "post_attention_norm"),
        ("pre_feedforward_layernorm", "ffn_norm"),
        ("post_feedforward_layernorm", "post_ffw_norm"),
        ("self_attn.q_norm", "attn_q_norm"),
        ("self_attn.k_norm", "attn_k_norm"));

    public override HfModelConfig Complete(HfModelConfig config) => config.WithDefaults(TextDefaults);

    // Complete filled in TextDefaults, so the generic keys the base writes already carry Gemma 3's defaults.
    public override void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperParameters(context, metadata);
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        if (config.GetDoubleOrNull("attn_logit_softcapping") is not null)
        {
            throw new InvalidDataException("Gemma 3 has no attention logit softcapping, yet config.json sets attn_logit_softcapping.");
        }

        if (config.GetDoubleOrNull("final_logit_softcapping") is { } finalSoftcap && finalSoftcap != 0)
        {
            keys.Float32("final_logit_softcapping", finalSoftcap);
        }

        if (config.GetIntOrNull("sliding_window_pattern") != 1 && config.GetIntOrNull("sliding_window") is { } window)
        {
            keys.UInt32("attention.sliding_window", window);
        }
    }

    protected override string? NormalizeName(string name)
    {
        if (SkippedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return null;
        }

        foreach (var prefix in LanguageModelPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = name[prefix.Length..];
                return rest.StartsWith("model.", StringComparison.Ordinal) || rest.StartsWith("lm_head.", StringComparison.Ordinal)
                    ? rest
                    : "model." + rest;
            }
        }

        return name;
    }

    protected override IReadOnlyList<long> OutputShape(ConversionContext context, string name, SafetensorsTensor tensor) =>
        name == "model.embed_tokens.weight" ? [EmbeddingRows(context, tensor), tensor.Shape[^1]] : tensor.Shape;

    protected override TensorSource Transform(ConversionContext context, string name, string ggufName, SafetensorsTensor tensor)
    {
        if (name == "model.embed_tokens.weight")
        {
            return new RowSource(tensor, 0, EmbeddingRows(context, tensor));
        }

        if (!name.EndsWith("norm.weight", StringComparison.Ordinal))
        {
            return RowSource.Whole(tensor);
        }

        // Gemma3RMSNorm applies (1 + w); the query correction multiplies the whole normalised query.
        var scale = name.EndsWith("self_attn.q_norm.weight", StringComparison.Ordinal)
            ? GemmaQueryScale.For(context.Config, LargeModelBlockCount)
            : 1f;
        return RowSource.Whole(tensor) with { Scale = scale, Offset = scale };
    }

    private static long EmbeddingRows(ConversionContext context, SafetensorsTensor tensor) =>
        Math.Min(tensor.Shape[0], context.TokenCount);
}

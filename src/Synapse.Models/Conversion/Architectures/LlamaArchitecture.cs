using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Llama and Mistral (llama.cpp arch "llama"): q/k rows permuted back from Hugging Face's rotate-half order, the
/// explicit vocab size and RoPE dimension, and Llama 3's rope scaling as the <c>rope_freqs</c> factors tensor.
/// </summary>
internal sealed class LlamaArchitecture : DecoderArchitecture
{
    public override string GgufName => "llama";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["LlamaForCausalLM", "MistralForCausalLM"];

    protected override bool PoolingFromSentenceTransformers => true;

    public override void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        base.WriteHyperParameters(context, metadata);
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        keys.UInt32("vocab_size", config.GetInt("vocab_size"));
        keys.UInt32("rope.dimension_count", HeadDim(config));
    }

    protected override IEnumerable<TensorPlan> ExtraTensors(ConversionContext context)
    {
        if (Llama3RopeFactors(context.Config) is { } factors)
        {
            yield return new TensorPlan("rope_freqs.weight", [factors.Length], new ConstantSource(factors));
        }
    }

    protected override TensorSource Transform(ConversionContext context, string name, string ggufName, SafetensorsTensor tensor)
    {
        var config = context.Config;
        var heads = config.GetInt("num_attention_heads", "n_heads");
        if (name.EndsWith("self_attn.q_proj.weight", StringComparison.Ordinal) || name.EndsWith("self_attn.q_proj.bias", StringComparison.Ordinal))
        {
            return RowSource.Whole(tensor) with { Permutation = new HeadPermutation(heads) };
        }

        if (name.EndsWith("self_attn.k_proj.weight", StringComparison.Ordinal) || name.EndsWith("self_attn.k_proj.bias", StringComparison.Ordinal))
        {
            return RowSource.Whole(tensor) with { Permutation = new HeadPermutation(config.GetIntOrNull("num_key_value_heads", "n_kv_heads") ?? heads) };
        }

        return base.Transform(context, name, ggufName, tensor);
    }

    private static int HeadDim(HfModelConfig config) =>
        config.GetIntOrNull("head_dim") ?? config.GetInt("hidden_size") / config.GetInt("num_attention_heads");

    /// <summary>LlamaModel.generate_extra_tensors: per-frequency factors for rope_type "llama3".</summary>
    private static float[]? Llama3RopeFactors(HfModelConfig config)
    {
        var rope = config.Rope;
        if (rope.Type != "llama3")
        {
            return null;
        }

        // torch does all of this in float32 (the frequencies are a float32 tensor), so float arithmetic here.
        var theta = (float)(rope.Theta ?? 10000.0);
        var dim = HeadDim(config);
        var factor = (float)(rope.Factor ?? 8.0);
        var low = (float)(rope.LowFreqFactor ?? 1.0);
        var high = (float)(rope.HighFreqFactor ?? 4.0);
        var oldContext = (float)(rope.OriginalContextLength ?? config.GetDoubleOrNull("original_max_position_embeddings") ?? 8192);
        var lowFreqWavelength = oldContext / low;
        var highFreqWavelength = oldContext / high;
        var factors = new float[dim / 2];
        for (var i = 0; i < factors.Length; i++)
        {
            var freq = 1.0f / MathF.Pow(theta, (float)(2 * i) / dim);
            var wavelength = 2 * MathF.PI / freq;
            if (wavelength < highFreqWavelength)
            {
                factors[i] = 1f;
            }
            else if (wavelength > lowFreqWavelength)
            {
                factors[i] = factor;
            }
            else
            {
                var smooth = (oldContext / wavelength - low) / (high - low);
                factors[i] = 1 / ((1 - smooth) / factor + smooth);
            }
        }

        return factors;
    }
}

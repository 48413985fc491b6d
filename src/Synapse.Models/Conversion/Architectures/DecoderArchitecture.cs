using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// The shared shape of the Llama-style decoders (llama, mistral, qwen2/3, gemma 1-3, phi3): gguf-py's name map for
/// <c>model.layers.N.*</c> and TextModel.set_gguf_parameters' generic keys; subclasses add their differences.
/// </summary>
internal abstract class DecoderArchitecture : IModelArchitecture
{
    /// <summary>Block module names common to the family; subclasses extend or override entries.</summary>
    protected virtual IReadOnlyDictionary<string, string> BlockModules => Modules.Common;

    public abstract string GgufName { get; }

    public abstract IReadOnlyList<string> HfArchitectures { get; }

    public virtual HfModelConfig Complete(HfModelConfig config) => config;

    public virtual void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        keys.UInt32("block_count", BlockCount(config));
        keys.UInt32IfPresent("context_length", config.GetIntOrNull("max_position_embeddings", "n_ctx", "n_positions", "max_length", "max_sequence_length", "model_max_length"));
        keys.UInt32("embedding_length", config.GetInt("hidden_size", "n_embd", "dim"));
        keys.UInt32IfPresent("feed_forward_length", config.GetIntOrNull("intermediate_size", "n_inner", "hidden_dim"));
        keys.UInt32("attention.head_count", config.GetInt("num_attention_heads", "n_head", "n_heads"));
        keys.UInt32IfPresent("attention.head_count_kv", config.GetIntOrNull("num_key_value_heads", "n_head_kv"));
        keys.Float32IfPresent("rope.freq_base", config.Rope.Theta);
        keys.Float32IfPresent("attention.layer_norm_rms_epsilon", config.GetDoubleOrNull("rms_norm_eps"));
        keys.Float32IfPresent("attention.layer_norm_epsilon", config.GetDoubleOrNull("layer_norm_eps", "layer_norm_epsilon", "norm_epsilon"));
        if (config.GetIntOrNull("head_dim") is { } headDim)
        {
            keys.UInt32("attention.key_length", headDim);
            keys.UInt32("attention.value_length", headDim);
        }

        WriteRopeScaling(config, keys);
        if (PoolingFromSentenceTransformers)
        {
            SentenceTransformersPooling.Write(context, keys, metadata);
        }
    }

    /// <summary>Whether the family reads sentence-transformers pooling (llama.cpp's llama and qwen2/qwen3 classes do).</summary>
    protected virtual bool PoolingFromSentenceTransformers => false;

    public IEnumerable<TensorPlan> PlanTensors(ConversionContext context)
    {
        foreach (var extra in ExtraTensors(context))
        {
            yield return extra;
        }

        foreach (var tensor in context.Checkpoint.Tensors)
        {
            if (tensor.Name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal))
            {
                continue; // recomputed by llama.cpp; the converter drops it too
            }

            foreach (var plan in MapTensor(context, tensor))
            {
                yield return plan;
            }
        }
    }

    protected static int BlockCount(HfModelConfig config) => config.GetInt("num_hidden_layers", "n_layer", "num_layers", "n_layers");

    /// <summary>Tensors the converter computes itself, written first (rope_freqs and the like).</summary>
    protected virtual IEnumerable<TensorPlan> ExtraTensors(ConversionContext context) => [];

    /// <summary>The checkpoint name as the family's name map expects it (multimodal wrappers strip a prefix).</summary>
    protected virtual string? NormalizeName(string name) => name;

    /// <summary>Maps one checkpoint tensor to zero or more output tensors.</summary>
    protected virtual IEnumerable<TensorPlan> MapTensor(ConversionContext context, SafetensorsTensor tensor)
    {
        var name = NormalizeName(tensor.Name);
        if (name is null)
        {
            yield break;
        }

        var ggufName = MapName(name) ?? throw new InvalidDataException(
            $"Cannot map tensor '{tensor.Name}' of this {GgufName} checkpoint to a llama.cpp tensor.");
        yield return new TensorPlan(ggufName, OutputShape(context, name, tensor), Transform(context, name, ggufName, tensor));
    }

    /// <summary>The llama.cpp name of a (normalized) checkpoint name, or null when the family has no such tensor.</summary>
    protected string? MapName(string name)
    {
        var parsed = TensorNames.Parse(name);
        if (parsed is not { } p)
        {
            return null;
        }

        if (p.Block is { } block)
        {
            return BlockModules.TryGetValue(p.Module, out var mapped) ? TensorNames.Block(block, mapped, p.Suffix) : null;
        }

        return TensorNames.Global(p.Module) is { } global ? $"{global}.{p.Suffix}" : null;
    }

    protected virtual IReadOnlyList<long> OutputShape(ConversionContext context, string name, SafetensorsTensor tensor) => tensor.Shape;

    /// <summary>The values of the output tensor; the default copies the checkpoint tensor as it is.</summary>
    protected virtual TensorSource Transform(ConversionContext context, string name, string ggufName, SafetensorsTensor tensor) =>
        RowSource.Whole(tensor);

    /// <summary>TextModel's rope scaling keys: linear and YaRN factors (Llama 3's is a tensor, see LlamaArchitecture).</summary>
    protected static void WriteRopeScaling(HfModelConfig config, GgufKeys keys)
    {
        var rope = config.Rope;
        switch (rope.Type)
        {
            case "linear" when rope.Factor is { } factor:
                keys.String("rope.scaling.type", "linear");
                keys.Float32("rope.scaling.factor", factor);
                break;
            case "yarn" when rope.Factor is { } factor:
                keys.String("rope.scaling.type", "yarn");
                keys.Float32("rope.scaling.factor", factor);
                keys.UInt32IfPresent("rope.scaling.original_context_length", (int?)rope.OriginalContextLength);
                break;
        }
    }
}

using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Tests.Conversion;

/// <summary>Writes small Hugging Face model directories (config.json + model.safetensors) with chosen values.</summary>
internal sealed class HfModelBuilder
{
    private readonly List<(SafetensorsTensorSpec Spec, float[] Values)> _tensors = [];

    public HfModelBuilder(JsonObject config) => Config = config;

    public JsonObject Config { get; }

    /// <summary>Adds a tensor whose element i is <paramref name="value"/>(i).</summary>
    public HfModelBuilder Tensor(string name, long[] shape, Func<int, float>? value = null, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        var count = (int)shape.Aggregate(1L, (a, d) => a * d);
        _tensors.Add((new SafetensorsTensorSpec(name, dtype, shape), Enumerable.Range(0, count).Select(value ?? (i => i * 0.01f)).ToArray()));
        return this;
    }

    public string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), Config.ToJsonString());
        using var writer = SafetensorsWriter.Create(Path.Combine(directory, "model.safetensors"), _tensors.Select(t => t.Spec).ToList());
        foreach (var (spec, values) in _tensors)
        {
            writer.Write(Encode(values, spec.DType));
        }

        writer.Finish();
        return directory;
    }

    private static byte[] Encode(float[] values, SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F32 => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
        SafetensorsDType.F16 => MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan()).ToArray(),
        SafetensorsDType.BF16 => MemoryMarshal.AsBytes(values.Select(v => (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)).ToArray().AsSpan()).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>A Llama-style decoder: embeddings, <paramref name="layers"/> blocks, final norm, optional lm_head.</summary>
    public static HfModelBuilder Decoder(JsonObject config, int layers, bool lmHead, Func<int, string, IEnumerable<(string Name, long[] Shape)>>? extra = null)
    {
        var hidden = (int)config["hidden_size"]!;
        var heads = (int)config["num_attention_heads"]!;
        var kvHeads = (int?)config["num_key_value_heads"] ?? heads;
        var headDim = (int?)config["head_dim"] ?? hidden / heads;
        var ffn = (int)config["intermediate_size"]!;
        var vocab = (int)config["vocab_size"]!;
        var builder = new HfModelBuilder(config).Tensor("model.embed_tokens.weight", [vocab, hidden]);
        for (var i = 0; i < layers; i++)
        {
            var p = $"model.layers.{i}.";
            builder.Tensor(p + "input_layernorm.weight", [hidden], _ => 0.5f)
                .Tensor(p + "self_attn.q_proj.weight", [heads * headDim, hidden])
                .Tensor(p + "self_attn.k_proj.weight", [kvHeads * headDim, hidden])
                .Tensor(p + "self_attn.v_proj.weight", [kvHeads * headDim, hidden])
                .Tensor(p + "self_attn.o_proj.weight", [hidden, heads * headDim])
                .Tensor(p + "post_attention_layernorm.weight", [hidden], _ => 0.25f)
                .Tensor(p + "mlp.gate_proj.weight", [ffn, hidden])
                .Tensor(p + "mlp.up_proj.weight", [ffn, hidden])
                .Tensor(p + "mlp.down_proj.weight", [hidden, ffn]);
            foreach (var (name, shape) in extra?.Invoke(i, p) ?? [])
            {
                builder.Tensor(name, shape, _ => 0.125f);
            }
        }

        builder.Tensor("model.norm.weight", [hidden], _ => 0.75f);
        if (lmHead)
        {
            builder.Tensor("lm_head.weight", [vocab, hidden]);
        }

        return builder;
    }
}

using System.Text.RegularExpressions;
using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;
using Synapse.Models.Safetensors;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// GPT-2 (llama.cpp arch "gpt2"): Conv1D weights are stored [in, out] and transposed; c_attn stays the fused
/// q/k/v tensor llama.cpp expects; the causal-mask buffers (attn.bias, attn.masked_bias) are dropped; names may
/// carry a <c>transformer.</c> prefix; the output is tied to the token embedding.
/// </summary>
internal sealed partial class Gpt2Architecture : IModelArchitecture
{
    private static readonly Dictionary<string, string> BlockModules = new(StringComparer.Ordinal)
    {
        ["ln_1"] = "attn_norm",
        ["attn.c_attn"] = "attn_qkv",
        ["attn.c_proj"] = "attn_output",
        ["ln_2"] = "ffn_norm",
        ["mlp.c_fc"] = "ffn_up",
        ["mlp.c_proj"] = "ffn_down",
    };

    private static readonly Dictionary<string, string> Globals = new(StringComparer.Ordinal)
    {
        ["wte"] = "token_embd",
        ["wpe"] = "position_embd",
        ["ln_f"] = "output_norm",
        ["lm_head"] = "output",
    };

    public string GgufName => "gpt2";

    public IReadOnlyList<string> HfArchitectures { get; } = ["GPT2LMHeadModel"];

    public HfModelConfig Complete(HfModelConfig config) => config;

    public void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        var embedding = config.GetInt("n_embd");
        keys.UInt32("block_count", config.GetInt("n_layer"));
        keys.UInt32("context_length", config.GetInt("n_ctx", "n_positions"));
        keys.UInt32("embedding_length", embedding);
        // GPT2Model.set_gguf_parameters writes 4 * n_embd whatever n_inner says; honour n_inner when a config sets it.
        keys.UInt32("feed_forward_length", config.GetIntOrNull("n_inner") ?? 4 * embedding);
        keys.UInt32("attention.head_count", config.GetInt("n_head"));
        keys.Float32("attention.layer_norm_epsilon", config.GetDouble("layer_norm_epsilon"));
    }

    public IEnumerable<TensorPlan> PlanTensors(ConversionContext context)
    {
        foreach (var tensor in context.Checkpoint.Tensors)
        {
            var name = tensor.Name.StartsWith("transformer.", StringComparison.Ordinal) ? tensor.Name["transformer.".Length..] : tensor.Name;
            if (name.EndsWith(".attn.bias", StringComparison.Ordinal) || name.EndsWith(".attn.masked_bias", StringComparison.Ordinal))
            {
                continue;
            }

            var ggufName = MapName(name) ?? throw new InvalidDataException($"Cannot map tensor '{tensor.Name}' of this gpt2 checkpoint to a llama.cpp tensor.");
            var transposed = name.EndsWith(".weight", StringComparison.Ordinal) && BlockName().IsMatch(name)
                && (name.Contains(".c_attn.", StringComparison.Ordinal) || name.Contains(".c_proj.", StringComparison.Ordinal) || name.Contains(".c_fc.", StringComparison.Ordinal));
            yield return transposed
                ? new TensorPlan(ggufName, [tensor.Shape[1], tensor.Shape[0]], new TransposedSource(tensor))
                : new TensorPlan(ggufName, tensor.Shape, RowSource.Whole(tensor));
        }
    }

    private static string? MapName(string name)
    {
        var match = BlockName().Match(name);
        if (match.Success)
        {
            return BlockModules.TryGetValue(match.Groups["module"].Value, out var mapped)
                ? $"blk.{match.Groups["block"].Value}.{mapped}.{match.Groups["suffix"].Value}"
                : null;
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 && Globals.TryGetValue(name[..dot], out var global) ? $"{global}.{name[(dot + 1)..]}" : null;
    }

    [GeneratedRegex(@"^h\.(?<block>\d+)\.(?<module>.+)\.(?<suffix>weight|bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex BlockName();
}

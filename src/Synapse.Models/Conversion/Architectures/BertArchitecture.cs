using System.Text.RegularExpressions;
using Synapse.Models.Conversion.Tensors;
using Synapse.Models.Gguf;

namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// BERT encoders (llama.cpp arch "bert"; bge, e5, all-MiniLM): bidirectional attention, absolute position and
/// token-type embeddings, post-LayerNorm blocks. Names may carry the <c>bert.</c> prefix of masked-LM checkpoints
/// and the old <c>gamma</c>/<c>beta</c> LayerNorm names; the pooler and the masked-LM/NSP heads are dropped, as
/// BertModel's <c>filter_tensors</c> does, since sentence-transformers pooling does not use them.
/// </summary>
internal sealed partial class BertArchitecture : IModelArchitecture
{
    private static readonly Dictionary<string, string> BlockModules = new(StringComparer.Ordinal)
    {
        ["attention.self.query"] = "attn_q",
        ["attention.self.key"] = "attn_k",
        ["attention.self.value"] = "attn_v",
        ["attention.output.dense"] = "attn_output",
        ["attention.output.LayerNorm"] = "attn_output_norm",
        ["intermediate.dense"] = "ffn_up",
        ["output.dense"] = "ffn_down",
        ["output.LayerNorm"] = "layer_output_norm",
    };

    private static readonly Dictionary<string, string> Globals = new(StringComparer.Ordinal)
    {
        ["embeddings.word_embeddings"] = "token_embd",
        ["embeddings.position_embeddings"] = "position_embd",
        ["embeddings.token_type_embeddings"] = "token_types",
        ["embeddings.LayerNorm"] = "token_embd_norm",
    };

    public string GgufName => "bert";

    public IReadOnlyList<string> HfArchitectures { get; } = ["BertModel", "BertForMaskedLM"];

    public HfModelConfig Complete(HfModelConfig config) => config;

    public void WriteHyperParameters(ConversionContext context, GgufMetadata metadata)
    {
        var config = context.Config;
        var keys = new GgufKeys(metadata, GgufName);
        keys.UInt32("block_count", config.GetInt("num_hidden_layers"));
        keys.UInt32("context_length", config.GetInt("max_position_embeddings"));
        keys.UInt32("embedding_length", config.GetInt("hidden_size"));
        keys.UInt32("feed_forward_length", config.GetInt("intermediate_size"));
        keys.UInt32("attention.head_count", config.GetInt("num_attention_heads"));
        keys.Float32("attention.layer_norm_epsilon", config.GetDoubleOrNull("layer_norm_eps") ?? 1e-12);
        metadata.Set("bert.attention.causal", GgufValue.Of(false));
        SentenceTransformersPooling.Write(context, keys, metadata);
    }

    public IEnumerable<TensorPlan> PlanTensors(ConversionContext context)
    {
        foreach (var tensor in context.Checkpoint.Tensors)
        {
            var name = Normalize(tensor.Name);
            if (name is null)
            {
                continue;
            }

            var ggufName = MapName(name) ?? throw new InvalidDataException($"Cannot map tensor '{tensor.Name}' of this bert checkpoint to a llama.cpp tensor.");
            yield return new TensorPlan(ggufName, tensor.Shape, RowSource.Whole(tensor));
        }
    }

    /// <summary>BertModel.filter_tensors: the checkpoint name llama.cpp maps, or null for a tensor it drops.</summary>
    private static string? Normalize(string name)
    {
        if (name.StartsWith("bert.", StringComparison.Ordinal))
        {
            name = name["bert.".Length..];
        }

        if (name.EndsWith(".gamma", StringComparison.Ordinal))
        {
            name = name[..^".gamma".Length] + ".weight";
        }
        else if (name.EndsWith(".beta", StringComparison.Ordinal))
        {
            name = name[..^".beta".Length] + ".bias";
        }

        return name is "embeddings.position_ids" || name.StartsWith("pooler.", StringComparison.Ordinal) || name.StartsWith("cls.", StringComparison.Ordinal)
            ? null
            : name;
    }

    private static string? MapName(string name)
    {
        var match = BlockName().Match(name);
        if (match.Success)
        {
            return BlockModules.TryGetValue(match.Groups["module"].Value, out var mapped)
                ? TensorNames.Block(int.Parse(match.Groups["block"].Value, System.Globalization.CultureInfo.InvariantCulture), mapped, match.Groups["suffix"].Value)
                : null;
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 && Globals.TryGetValue(name[..dot], out var global) ? $"{global}.{name[(dot + 1)..]}" : null;
    }

    [GeneratedRegex(@"^encoder\.layer\.(?<block>\d+)\.(?<module>.+)\.(?<suffix>weight|bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex BlockName();
}

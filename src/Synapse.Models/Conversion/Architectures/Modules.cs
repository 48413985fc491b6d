namespace Synapse.Models.Conversion.Architectures;

/// <summary>Builds block-module name maps from the common Llama-style one.</summary>
internal static class Modules
{
    public static IReadOnlyDictionary<string, string> Common { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["input_layernorm"] = "attn_norm",
        ["self_attn.q_proj"] = "attn_q",
        ["self_attn.k_proj"] = "attn_k",
        ["self_attn.v_proj"] = "attn_v",
        ["self_attn.o_proj"] = "attn_output",
        ["post_attention_layernorm"] = "ffn_norm",
        ["mlp.gate_proj"] = "ffn_gate",
        ["mlp.up_proj"] = "ffn_up",
        ["mlp.down_proj"] = "ffn_down",
    };

    /// <summary>The common map with entries added or replaced.</summary>
    public static IReadOnlyDictionary<string, string> With(params (string Module, string Name)[] changes)
    {
        var map = new Dictionary<string, string>(Common, StringComparer.Ordinal);
        foreach (var (module, name) in changes)
        {
            map[module] = name;
        }

        return map;
    }
}

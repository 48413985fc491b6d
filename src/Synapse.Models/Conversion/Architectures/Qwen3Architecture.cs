namespace Synapse.Models.Conversion.Architectures;

/// <summary>Qwen3 (llama.cpp arch "qwen3"): Qwen2 plus the per-head q/k RMSNorms applied before RoPE.</summary>
internal sealed class Qwen3Architecture : DecoderArchitecture
{
    public override string GgufName => "qwen3";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["Qwen3ForCausalLM"];

    protected override IReadOnlyDictionary<string, string> BlockModules { get; } = Modules.With(
        ("self_attn.q_norm", "attn_q_norm"),
        ("self_attn.k_norm", "attn_k_norm"));
}

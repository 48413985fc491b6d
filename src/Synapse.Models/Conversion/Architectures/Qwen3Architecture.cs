namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Qwen3 (llama.cpp arch "qwen3"): Qwen2 plus the per-head q/k RMSNorms applied before RoPE. Qwen3-Embedding ships as
/// Qwen3Model (no <c>model.</c> prefix, no lm_head) with sentence-transformers last-token pooling.
/// </summary>
internal sealed class Qwen3Architecture : DecoderArchitecture
{
    public override string GgufName => "qwen3";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["Qwen3ForCausalLM", "Qwen3Model"];

    protected override bool PoolingFromSentenceTransformers => true;

    protected override IReadOnlyDictionary<string, string> BlockModules { get; } = Modules.With(
        ("self_attn.q_norm", "attn_q_norm"),
        ("self_attn.k_norm", "attn_k_norm"));

    /// <summary>Qwen2Model.modify_tensors: a bare Qwen3Model's names map as the causal LM's.</summary>
    protected override string? NormalizeName(string name) =>
        name.StartsWith("model.", StringComparison.Ordinal) || name.StartsWith("lm_head.", StringComparison.Ordinal) ? name : "model." + name;
}

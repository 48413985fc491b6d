namespace Synapse.Models.Conversion.Architectures;

/// <summary>
/// Qwen2 (llama.cpp arch "qwen2"): the generic decoder keys and names; q/k/v biases map like the weights, and no
/// q/k permutation since llama.cpp applies Qwen's rotate-half (NeoX) RoPE as it is. The vocab padding up to the
/// config's vocab_size is the tokenizer import's part.
/// </summary>
internal sealed class Qwen2Architecture : DecoderArchitecture
{
    public override string GgufName => "qwen2";

    public override IReadOnlyList<string> HfArchitectures { get; } = ["Qwen2ForCausalLM"];

    protected override bool PoolingFromSentenceTransformers => true;
}

using LLama.Native;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Backend;

/// <summary>
/// A request's native sampler chain (it carries its own RNG, so a seed holds whatever else runs in the batch), its
/// grammar, its logit biases, and the control tokens its output shows as text.
/// </summary>
internal sealed class LlamaTokenSampler(SafeLLamaSamplerChainHandle chain, GrammarSampler? grammar, (int Token, float Bias)[] bias, IReadOnlySet<int> preserved) : ITokenSampler
{
    /// <summary>Control tokens read as their text (tool-call markers), so lazy grammar triggers see them.</summary>
    public IReadOnlySet<int> Preserved { get; } = preserved;

    public SafeLLamaSamplerChainHandle Chain { get; } = chain;

    public GrammarSampler? Grammar { get; } = grammar;

    public (int Token, float Bias)[] Bias { get; } = bias;

    /// <summary>Nothing for managed code to do between the logits and the chain: llama.cpp samples on its own.</summary>
    public bool IsPlain => Grammar is null && Bias.Length == 0;

    public void Dispose()
    {
        Grammar?.Dispose();
        Chain.Dispose();
    }
}

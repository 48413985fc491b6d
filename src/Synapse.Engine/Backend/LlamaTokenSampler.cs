using LLama.Native;

namespace Synapse.Engine.Backend;

/// <summary>A request's native sampler chain (it carries its own RNG, so a seed holds whatever else runs in the batch).</summary>
internal sealed class LlamaTokenSampler(SafeLLamaSamplerChainHandle chain) : ITokenSampler
{
    public SafeLLamaSamplerChainHandle Chain { get; } = chain;

    public void Dispose() => Chain.Dispose();
}

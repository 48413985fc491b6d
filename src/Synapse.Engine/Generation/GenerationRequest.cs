using Synapse.Engine.Sampling;

namespace Synapse.Engine.Generation;

/// <summary>One generation as the inference loop sees it: tokens in, text out. Prompts are rendered and tokenized before this.</summary>
public sealed record GenerationRequest
{
    public required IReadOnlyList<int> PromptTokens { get; init; }
    public SamplingOptions Sampling { get; init; } = new();
    /// <summary>Up to 4 stop strings; the text never contains them, and generation ends at the first.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];
    /// <summary>Most tokens to generate; null means until the context is full.</summary>
    public int? MaxTokens { get; init; }
    /// <summary>Keep generating past EOS and end-of-turn tokens (vLLM's and llama.cpp's extension).</summary>
    public bool IgnoreEos { get; init; }
}

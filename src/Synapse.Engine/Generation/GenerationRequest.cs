using Synapse.Engine.Grammar;
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

    /// <summary>
    /// Special tokens whose text the output shows although generated text renders special tokens as nothing: the
    /// markers a tool-call parser needs (<c>[TOOL_CALLS]</c>, <c>&lt;|python_tag|&gt;</c>), as llama.cpp's chat layer
    /// preserves them. A text that is not a single control token of the vocabulary is ordinary text and is ignored
    /// here. A lazy <see cref="Grammar"/>'s triggers see these tokens' text too.
    /// </summary>
    public IReadOnlyList<string> PreservedTokens { get; init; } = [];

    /// <summary>Constrains the output to a grammar (compiled when submitted; an invalid one throws <see cref="InvalidGrammarException"/>).</summary>
    public GrammarConstraint? Grammar { get; init; }

    /// <summary>
    /// When set, every generated token's <see cref="TokenLogprob"/> is reported through <see cref="GenerationHandle.Logprobs"/>
    /// with this many alternatives (0 to <see cref="MaxTopLogprobs"/>).
    /// </summary>
    public int? Logprobs { get; init; }

    /// <summary>Also report every prompt token's log-probability (<see cref="GenerationResult.PromptLogprobs"/>); needs <see cref="Logprobs"/>.</summary>
    public bool PromptLogprobs { get; init; }

    /// <summary>Most alternatives per token (OpenAI's limit for top_logprobs).</summary>
    public const int MaxTopLogprobs = 20;
}

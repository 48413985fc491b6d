using Synapse.Engine.Generation;
using Synapse.Engine.Sampling;

namespace Synapse.Engine.Scheduling;

/// <summary>
/// What a request must satisfy before it reaches native code. User input is checked at the HTTP edge (with the
/// OpenAI error a client expects), so a request that fails here is a caller's bug: <see cref="InvalidOperationException"/>.
/// </summary>
internal static class RequestAssertions
{
    /// <summary>Most stop strings the engine matches (OpenAI's limit, checked at the edge as well).</summary>
    public const int MaxStopStrings = 4;

    /// <summary>Checks the request and returns a private copy of its prompt.</summary>
    public static int[] Prompt(GenerationRequest request, int vocabularySize)
    {
        var tokens = request.PromptTokens;
        if (tokens is null || tokens.Count == 0)
        {
            throw new InvalidOperationException("An empty prompt reached the engine: at least one token is needed.");
        }

        var prompt = new int[tokens.Count];
        for (var i = 0; i < prompt.Length; i++)
        {
            var id = tokens[i];
            if ((uint)id >= (uint)vocabularySize)
            {
                throw new InvalidOperationException($"Prompt token {id} at index {i} is outside the vocabulary (0..{vocabularySize - 1}).");
            }

            prompt[i] = id;
        }

        if (request.Stop is null || request.Stop.Count > MaxStopStrings || request.Stop.Any(string.IsNullOrEmpty))
        {
            throw new InvalidOperationException($"The engine takes at most {MaxStopStrings} stop strings, none empty.");
        }

        if (request.MaxTokens is < 0)
        {
            throw new InvalidOperationException($"MaxTokens must be 0 or more, got {request.MaxTokens}.");
        }

        if (request.Logprobs is < 0 or > GenerationRequest.MaxTopLogprobs || (request.PromptLogprobs && request.Logprobs is null))
        {
            throw new InvalidOperationException($"Logprobs must be 0..{GenerationRequest.MaxTopLogprobs} (and set for prompt logprobs), got {request.Logprobs}.");
        }

        if (request.Grammar is { } grammar && (string.IsNullOrWhiteSpace(grammar.Gbnf) || string.IsNullOrEmpty(grammar.Root)))
        {
            throw new InvalidOperationException("A grammar needs its text and a root rule.");
        }

        ArgumentNullException.ThrowIfNull(request.Sampling);
        SamplerChainFactory.AssertValid(request.Sampling);
        return prompt;
    }
}

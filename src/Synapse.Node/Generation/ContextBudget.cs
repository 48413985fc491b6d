using Synapse.OpenAI.Errors;

namespace Synapse.Node.Generation;

/// <summary>
/// Checks a prompt against the per-sequence context before it is queued, as OpenAI does: a prompt that fills the
/// context, or a <c>max_tokens</c> that does not fit beside it, is a 400 <c>context_length_exceeded</c> with the
/// numbers. Without <c>max_tokens</c> the completion may use the rest of the context.
/// </summary>
public static class ContextBudget
{
    /// <returns>The max tokens to ask the engine for: the requested one, or what is left of the context.</returns>
    public static int Check(int contextSize, int promptTokens, int? requestedMaxTokens, string param)
    {
        if (promptTokens >= contextSize)
        {
            throw ApiError.ContextLengthExceeded(contextSize, promptTokens, param);
        }

        if (requestedMaxTokens is { } max)
        {
            if ((long)promptTokens + max > contextSize)
            {
                throw ApiError.ContextLengthExceeded(contextSize, promptTokens, max, param);
            }

            return max;
        }

        return contextSize - promptTokens;
    }
}

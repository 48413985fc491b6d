namespace Synapse.Engine.Generation;

/// <summary>The prompt (plus the requested output) does not fit a sequence's context.</summary>
public sealed class ContextLengthExceededException(int contextSize, int promptTokens, int requestedTokens)
    : Exception($"This model's maximum context length is {contextSize} tokens. However, you requested {promptTokens + requestedTokens} tokens ({promptTokens} in the messages, {requestedTokens} in the completion). Please reduce the length of the messages or completion.")
{
    public int ContextSize { get; } = contextSize;
    public int PromptTokens { get; } = promptTokens;
    public int RequestedTokens { get; } = requestedTokens;
}

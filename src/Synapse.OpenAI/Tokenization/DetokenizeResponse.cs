namespace Synapse.OpenAI.Tokenization;

/// <summary>The answer of <c>/detokenize</c>, llama-server's shape.</summary>
public sealed class DetokenizeResponse
{
    public required string Content { get; init; }
}

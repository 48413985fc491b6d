namespace Synapse.OpenAI.Tokenization;

/// <summary>The answer of <c>/tokenize</c>: llama-server's <c>tokens</c> plus vLLM's <c>count</c> and <c>max_model_len</c>.</summary>
public sealed class TokenizeResponse
{
    public required IReadOnlyList<TokenizedToken> Tokens { get; init; }

    public required int Count { get; init; }

    /// <summary>Tokens one sequence may hold (prompt plus output) on this node.</summary>
    public required int MaxModelLen { get; init; }
}

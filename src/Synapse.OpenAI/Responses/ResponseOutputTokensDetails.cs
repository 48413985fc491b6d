namespace Synapse.OpenAI.Responses;

/// <summary><c>reasoning_tokens</c>: output tokens of the model's thinking (its <c>reasoning</c> items).</summary>
public sealed class ResponseOutputTokensDetails
{
    public int ReasoningTokens { get; set; }
}

namespace Synapse.OpenAI.Common;

public sealed class CompletionTokensDetails
{
    public int ReasoningTokens { get; set; }
}

namespace Synapse.OpenAI.Common;

public sealed class PromptTokensDetails
{
    /// <summary>Prompt tokens served from the KV cache (prefix reuse).</summary>
    public int CachedTokens { get; set; }
}

namespace Synapse.OpenAI.Responses;

/// <summary>Why a response is <c>incomplete</c>: <c>max_output_tokens</c> here.</summary>
public sealed class ResponseIncompleteDetails
{
    public const string MaxOutputTokens = "max_output_tokens";

    public string Reason { get; set; } = MaxOutputTokens;
}

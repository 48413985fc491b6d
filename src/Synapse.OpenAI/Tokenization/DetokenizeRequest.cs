namespace Synapse.OpenAI.Tokenization;

/// <summary><c>POST /detokenize</c> (llama-server and vLLM): token ids back to text.</summary>
public sealed class DetokenizeRequest
{
    public string? Model { get; set; }

    public List<int>? Tokens { get; set; }
}

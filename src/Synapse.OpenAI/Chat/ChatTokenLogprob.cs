using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary>OpenAI's <c>ChatCompletionTokenLogprob</c>: a token, its log-probability, its UTF-8 bytes and the most likely alternatives.</summary>
public sealed class ChatTokenLogprob
{
    public string Token { get; set; } = "";

    public double Logprob { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public List<int>? Bytes { get; set; }

    public List<ChatTopLogprob> TopLogprobs { get; set; } = [];
}

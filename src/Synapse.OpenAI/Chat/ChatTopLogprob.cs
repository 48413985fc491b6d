using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary>One of <see cref="ChatTokenLogprob.TopLogprobs"/>.</summary>
public sealed class ChatTopLogprob
{
    public string Token { get; set; } = "";

    public double Logprob { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public List<int>? Bytes { get; set; }
}

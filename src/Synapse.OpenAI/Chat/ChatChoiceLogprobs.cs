using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

/// <summary><c>choices[].logprobs</c> of chat answers and chunks: the content tokens (refusals are never produced, so null).</summary>
public sealed class ChatChoiceLogprobs
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public List<ChatTokenLogprob>? Content { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public List<ChatTokenLogprob>? Refusal { get; set; }
}

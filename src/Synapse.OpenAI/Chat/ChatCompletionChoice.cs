using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

public sealed class ChatCompletionChoice
{
    public int Index { get; set; }
    public ChatCompletionMessage Message { get; set; } = new();

    /// <summary>Always written; null unless the request asked for logprobs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ChatChoiceLogprobs? Logprobs { get; set; }

    /// <summary><c>stop</c>, <c>length</c> or <c>tool_calls</c> (see <see cref="Common.FinishReasons"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

public sealed class ChatCompletionChoice
{
    public int Index { get; set; }
    public ChatCompletionMessage Message { get; set; } = new();

    /// <summary>Always written; null as long as logprobs are not produced.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Logprobs { get; set; }

    /// <summary><c>stop</c>, <c>length</c> or <c>tool_calls</c> (see <see cref="Common.FinishReasons"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}

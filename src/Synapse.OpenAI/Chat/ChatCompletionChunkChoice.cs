using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Chat;

public sealed class ChatCompletionChunkChoice
{
    public int Index { get; set; }
    public ChatCompletionDelta Delta { get; set; } = new();

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ChatChoiceLogprobs? Logprobs { get; set; }

    /// <summary>Null on every chunk but the choice's last.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}

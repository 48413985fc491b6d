using System.Text.Json.Serialization;

namespace Synapse.OpenAI.Completions;

public sealed class CompletionChoice
{
    public string Text { get; set; } = "";
    public int Index { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public CompletionLogprobs? Logprobs { get; set; }

    /// <summary>Null in stream events until the choice's last.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}
